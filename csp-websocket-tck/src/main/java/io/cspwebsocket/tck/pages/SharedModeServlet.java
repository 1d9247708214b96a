package io.cspwebsocket.tck.pages;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The shared-mode verifications' servlet, at {@code <context>/tck/shared}: answers
 * {@link SharedModeOperations} over HTTP (the requests are listed there) in {@code text/plain},
 * so that {@code openServer}, {@code openIds} and {@code broadcast} are called from servlet
 * threads and threads the servlet starts. Internal TCK use only.
 */
@WebServlet("/tck/shared")
public class SharedModeServlet extends HttpServlet {

    /** Created by the container. */
    public SharedModeServlet() {
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
        resp.setContentType("text/plain;charset=UTF-8");
        String answer;
        try {
            answer = SharedModeOperations.answer(req::getParameter);
        } catch (IllegalArgumentException unknown) {
            resp.sendError(400, unknown.getMessage());
            return;
        }
        if (answer == null) {
            resp.sendError(404, "no churn under that token");
            return;
        }
        resp.getWriter().write(answer);
    }
}
