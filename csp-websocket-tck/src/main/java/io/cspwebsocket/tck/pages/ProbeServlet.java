package io.cspwebsocket.tck.pages;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The test's window into the deployment, at {@code <context>/tck/probe}: answers
 * {@link ProbeOperations} over HTTP (the requests are listed there). Internal TCK use only.
 */
@WebServlet("/tck/probe")
public class ProbeServlet extends HttpServlet {

    /** Created by the container. */
    public ProbeServlet() {
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        handle(req, resp);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        handle(req, resp);
    }

    private void handle(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        req.setCharacterEncoding("UTF-8"); // TckProbe encodes parameters as UTF-8; containers default to ISO-8859-1
        resp.setContentType("text/plain;charset=UTF-8");
        String answer;
        try {
            answer = ProbeOperations.answer(req::getParameter, getServletContext()::getInitParameter);
        } catch (IllegalArgumentException unknown) {
            resp.sendError(400, unknown.getMessage());
            return;
        }
        if (answer == null) {
            resp.setStatus(404);
            return;
        }
        resp.getWriter().write(answer);
    }
}
