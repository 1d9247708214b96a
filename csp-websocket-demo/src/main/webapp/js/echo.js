// Client of the echo page MyApp.MyWebSocketServer, written against the browser WebSocket API
// only (no framework), as the client JavaScript of a CSP application is.
"use strict";

(function () {
  var READY_STATES = ["CONNECTING", "OPEN", "CLOSING", "CLOSED"];
  var ECHO_PAGE = "csp/user/MyApp.MyWebSocketServer.cls";
  var MAX_LOG_ENTRIES = 500;

  var ws = null;
  var urlInput = document.getElementById("url");
  var messageInput = document.getElementById("message");
  var logList = document.getElementById("log");

  // The URL of the IRIS documentation:
  //   ((window.location.protocol == "https:") ? "wss:" : "ws:") + "//" + window.location.host
  //     + "/csp/user/MyApp.MyWebSocketServer.cls"
  // with this page's directory in place of the leading "/", so that the page also works when the
  // WAR is deployed under a context path (e.g. /csp-demo/) rather than as ROOT.
  function echoUrl() {
    var contextPath = window.location.pathname.replace(/[^\/]*$/, "");
    return ((window.location.protocol == "https:") ? "wss:" : "ws:") + "//" + window.location.host
      + contextPath + ECHO_PAGE;
  }

  function log(kind, text) {
    var entry = document.createElement("li");
    entry.className = kind;
    var time = document.createElement("span");
    time.className = "time";
    time.textContent = new Date().toLocaleTimeString() + " ";
    entry.appendChild(time);
    entry.appendChild(document.createTextNode(text));
    logList.appendChild(entry);
    while (logList.childNodes.length > MAX_LOG_ENTRIES) {
      logList.removeChild(logList.firstChild);
    }
    logList.scrollTop = logList.scrollHeight;
  }

  function showState() {
    var state = ws ? ws.readyState + " (" + READY_STATES[ws.readyState] + ")" : "-";
    document.getElementById("ready-state").textContent = state;
    document.getElementById("buffered-amount").textContent = ws ? String(ws.bufferedAmount) : "-";
    document.getElementById("protocol").textContent = ws && ws.protocol ? '"' + ws.protocol + '"' : "-";
  }

  function connect() {
    if (ws && (ws.readyState == WebSocket.CONNECTING || ws.readyState == WebSocket.OPEN)) {
      log("error", "already connected: Close first");
      return;
    }
    var url = urlInput.value.trim();
    log("info", "new WebSocket(\"" + url + "\", \"chat\")");
    try {
      ws = new WebSocket(url, "chat");
    } catch (e) {
      ws = null;
      log("error", "new WebSocket failed: " + e.message);
      showState();
      return;
    }
    ws.onopen = function () {
      log("open", "onopen: protocol \"" + this.protocol + "\"");
      showState();
    };
    ws.onmessage = function (event) {
      var data = typeof event.data == "string" ? event.data : "[binary message]";
      log("message", "onmessage: " + data);
      showState();
    };
    ws.onerror = function () {
      // Browsers give no detail here on purpose; the onclose that follows has the code.
      log("error", "onerror");
    };
    ws.onclose = function (event) {
      log("close", "onclose: code " + event.code
        + (event.reason ? ", reason \"" + event.reason + "\"" : "")
        + ", wasClean " + event.wasClean);
      showState();
    };
    showState();
  }

  function send() {
    var text = messageInput.value;
    if (!ws || ws.readyState != WebSocket.OPEN) {
      log("error", "not open: Connect first");
      return;
    }
    ws.send(text);
    log("sent", "send: " + text);
    messageInput.value = "";
    showState();
  }

  function close() {
    if (!ws || ws.readyState == WebSocket.CLOSED) {
      log("error", "not connected");
      return;
    }
    log("info", "close()");
    ws.close();
    showState();
  }

  document.getElementById("connect-form").addEventListener("submit", function (event) {
    event.preventDefault();
    connect();
  });
  document.getElementById("send-form").addEventListener("submit", function (event) {
    event.preventDefault();
    send();
  });
  document.getElementById("close").addEventListener("click", close);
  document.getElementById("clear").addEventListener("click", function () {
    logList.textContent = "";
  });

  urlInput.value = echoUrl();
  // readyState and bufferedAmount change without an event of their own: poll them.
  setInterval(showState, 200);
  connect();
}());
