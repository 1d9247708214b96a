package io.cspwebsocket.tck.pages;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * An application servlet that dispatches to another URL of the application, at
 * {@code <context>/tck/forward?to=<path>&how=forward|include}: the kind of code through which a
 * request could reach a page's URL without the filters mapped at that URL (SPEC §8.3).
 * Internal TCK use only.
 */
@WebServlet("/tck/forward")
public class ForwardServlet extends HttpServlet {

    /** Created by the container. */
    public ForwardServlet() {
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String to = req.getParameter("to");
        if (to == null || !to.startsWith("/")) {
            resp.sendError(400, "to must be a path inside the application");
            return;
        }
        if ("include".equals(req.getParameter("how"))) {
            req.getRequestDispatcher(to).include(req, resp);
        } else {
            req.getRequestDispatcher(to).forward(req, resp);
        }
    }
}
