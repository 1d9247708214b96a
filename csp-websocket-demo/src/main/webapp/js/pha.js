// Client of the shared-mode page PHA.COM.WebSocket, as the article writes it: the URL goes into
// the #conUrl field, and the page uses the browser WebSocket API only (new WebSocket(url),
// readyState, bufferedAmount, onopen/onmessage/onerror/onclose, send, close).
"use strict";

(function () {
  var READY_STATES = ["CONNECTING", "OPEN", "CLOSING", "CLOSED"];
  var PAGE = "dthealth/web/PHA.COM.WebSocket.cls";
  var MAX_LOG_ENTRIES = 500;

  var ws = null;
  var urlInput = document.getElementById("conUrl");
  var messageInput = document.getElementById("message");
  var logList = document.getElementById("log");

  // The article, with jQuery, prints:
  //   $("#conUrl").val((window.location.protocol == "https:" ? "wss:" : "ws:") + "://"
  //     + window.location.host + "/dthealth/web/PHA.COM.WebSocket.cls")
  // "://" after "ws:" makes "ws:://…", a URL that new WebSocket rejects with a SyntaxError (on
  // IRIS as here); "//" is meant, as in the IRIS documentation. This page's directory takes the
  // place of the leading "/", so that the page also works when the WAR is deployed under a
  // context path (e.g. /csp-demo/).
  function pageUrl() {
    var contextPath = window.location.pathname.replace(/[^\/]*$/, "");
    return (window.location.protocol == "https:" ? "wss:" : "ws:") + "//" + window.location.host
      + contextPath + PAGE;
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
    document.getElementById("ready-state").textContent =
      ws ? ws.readyState + " (" + READY_STATES[ws.readyState] + ")" : "-";
    document.getElementById("buffered-amount").textContent = ws ? String(ws.bufferedAmount) : "-";
  }

  function connect() {
    if (ws && (ws.readyState == WebSocket.CONNECTING || ws.readyState == WebSocket.OPEN)) {
      log("error", "already connected: Close first");
      return;
    }
    var url = urlInput.value.trim();
    log("info", "new WebSocket(\"" + url + "\")");
    try {
      ws = new WebSocket(url);
    } catch (e) {
      ws = null;
      log("error", "new WebSocket failed: " + e.name + ": " + e.message);
      showState();
      return;
    }
    ws.onopen = function () {
      log("open", "onopen");
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

  urlInput.value = pageUrl();
  // readyState and bufferedAmount change without an event of their own: poll them.
  setInterval(showState, 200);
  connect();
}());
