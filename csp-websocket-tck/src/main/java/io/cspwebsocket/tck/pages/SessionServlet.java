package io.cspwebsocket.tck.pages;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/**
 * The HTTP side of the session tests (SPEC §7), at {@code <context>/tck/session}: what a web
 * application's other servlets (login, logout, a page that stores data) do to the session a
 * socket is bound to. The session is the request's (its {@code JSESSIONID} cookie).
 *
 * <p>Requests (GET or POST form parameters), answered in {@code text/plain}:
 * <ul>
 *   <li>{@code op=create[&interval=S][&name=N&value=V]}: gets or creates the session, sets its
 *       maximum inactive interval and an attribute; answers its id;</li>
 *   <li>{@code op=id}: the id of the request's session, or {@code none};</li>
 *   <li>{@code op=get&name=N}: the attribute, {@code null}, or {@code none} without a session;</li>
 *   <li>{@code op=set&name=N&value=V}: sets the attribute; {@code ok} or {@code none};</li>
 *   <li>{@code op=invalidate}: logout; {@code invalidated} or {@code none};</li>
 *   <li>{@code op=changeId}: {@code request.changeSessionId()} (as a login does); the new id,
 *       or {@code none};</li>
 *   <li>{@code op=peek&id=ID}: {@code idleMs=…} and {@code max=…} lines of that session,
 *       read without accessing it (see {@link SessionTracker}), or {@code none}.</li>
 * </ul>
 * Internal TCK use only.
 */
@WebServlet("/tck/session")
public class SessionServlet extends HttpServlet {

    /** Created by the container. */
    public SessionServlet() {
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        handle(req, resp);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        handle(req, resp);
    }

    private static void handle(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain;charset=UTF-8");
        String op = req.getParameter("op");
        String name = req.getParameter("name");
        String answer;
        switch (op == null ? "" : op) {
            case "create" -> {
                HttpSession session = req.getSession(true);
                String interval = req.getParameter("interval");
                if (interval != null) {
                    session.setMaxInactiveInterval(Integer.parseInt(interval));
                }
                if (name != null) {
                    session.setAttribute(name, req.getParameter("value"));
                }
                answer = session.getId();
            }
            case "id" -> {
                HttpSession session = req.getSession(false);
                answer = session == null ? "none" : session.getId();
            }
            case "get" -> {
                HttpSession session = req.getSession(false);
                answer = session == null ? "none" : String.valueOf(session.getAttribute(name));
            }
            case "set" -> {
                HttpSession session = req.getSession(false);
                if (session != null) {
                    session.setAttribute(name, req.getParameter("value"));
                }
                answer = session == null ? "none" : "ok";
            }
            case "invalidate" -> {
                HttpSession session = req.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                answer = session == null ? "none" : "invalidated";
            }
            case "changeId" -> answer = req.getSession(false) == null ? "none" : req.changeSessionId();
            case "peek" -> answer = peek(req.getParameter("id"));
            default -> {
                resp.sendError(400, "unknown op " + op);
                return;
            }
        }
        resp.getWriter().write(answer);
    }

    private static String peek(String id) {
        HttpSession session = SessionTracker.find(id);
        if (session == null) {
            return "none";
        }
        try {
            long idle = System.currentTimeMillis() - session.getLastAccessedTime();
            return "idleMs=" + idle + "\nmax=" + session.getMaxInactiveInterval();
        } catch (IllegalStateException invalidated) {
            return "none";
        }
    }
}
