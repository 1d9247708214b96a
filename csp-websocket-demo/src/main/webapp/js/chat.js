// Client of the shared-mode chat page MyApp.Chat, written against the browser WebSocket API only
// (new WebSocket(url, "chat"), readyState, bufferedAmount, onopen/onmessage/onerror/onclose,
// send, close), as the client JavaScript of a CSP application is.
//
// The server sends one JSON object per message, with a "type":
//   welcome {id, room, members}   to this socket, on open: its WebSocket id and who else is here
//   join {id, room}, leave {id, room}
//   message {from, room, text}    a chat line, ours included
//   admin {text[, room]}          pushed by the admin servlet
//   error {text}
"use strict";

(function () {
  var READY_STATES = ["CONNECTING", "OPEN", "CLOSING", "CLOSED"];
  var CHAT_PAGE = "csp/user/MyApp.Chat.cls";
  var ROOM_NAME = /^[A-Za-z0-9._~-]{1,40}$/;
  var MAX_LOG_ENTRIES = 500;

  var ws = null;
  var myId = null;
  var members = {};
  var rejoinOnShow = false;
  var roomInput = document.getElementById("room");
  var messageInput = document.getElementById("message");
  var logList = document.getElementById("log");
  var memberList = document.getElementById("members");

  // This page's directory, so that the page also works under a context path (e.g. /csp-demo/).
  function contextPath() {
    return window.location.pathname.replace(/[^\/]*$/, "");
  }

  function chatUrl(room) {
    return ((window.location.protocol == "https:") ? "wss:" : "ws:") + "//" + window.location.host
      + contextPath() + CHAT_PAGE + "?room=" + encodeURIComponent(room);
  }

  function shortId(id) {
    return id === myId ? "you" : id.substring(0, 8);
  }

  // One log entry; data holds the fields the entry shows, as data-* attributes.
  function log(kind, text, data) {
    var entry = document.createElement("li");
    entry.className = kind;
    if (data) {
      Object.keys(data).forEach(function (key) {
        entry.dataset[key] = data[key];
      });
    }
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

  function showMembers() {
    memberList.textContent = "";
    Object.keys(members).sort().forEach(function (id) {
      var item = document.createElement("li");
      item.dataset.id = id;
      item.textContent = id;
      memberList.appendChild(item);
    });
  }

  function showState() {
    var state = ws ? ws.readyState + " (" + READY_STATES[ws.readyState] + ")" : "-";
    document.getElementById("ready-state").textContent = state;
    document.getElementById("buffered-amount").textContent = ws ? String(ws.bufferedAmount) : "-";
    document.getElementById("protocol").textContent = ws && ws.protocol ? '"' + ws.protocol + '"' : "-";
    document.getElementById("my-id").textContent = myId || "-";
  }

  function received(text) {
    var m;
    try {
      m = JSON.parse(text);
    } catch (e) {
      log("error", "not JSON: " + text);
      return;
    }
    switch (m.type) {
      case "welcome":
        myId = m.id;
        members = {};
        m.members.forEach(function (id) { members[id] = true; });
        showMembers();
        document.getElementById("current-room").textContent = m.room;
        log("welcome", "welcome: you are " + m.id + " in room " + m.room
          + " (" + m.members.length + " other" + (m.members.length == 1 ? "" : "s") + " here)",
          { id: m.id, room: m.room });
        break;
      case "join":
        members[m.id] = true;
        showMembers();
        log("join", m.id + " joined", { id: m.id });
        break;
      case "leave":
        delete members[m.id];
        showMembers();
        log("leave", m.id + " left", { id: m.id });
        break;
      case "message":
        log("message", shortId(m.from) + ": " + m.text, { from: m.from, text: m.text });
        break;
      case "admin":
        log("admin", "admin" + (m.room ? " (room " + m.room + ")" : "") + ": " + m.text, { text: m.text });
        break;
      case "error":
        log("error", "server: " + m.text);
        break;
      default:
        log("error", "unknown message: " + text);
    }
  }

  function join() {
    if (ws && (ws.readyState == WebSocket.CONNECTING || ws.readyState == WebSocket.OPEN)) {
      log("error", "already in a room: Leave first");
      return;
    }
    var room = roomInput.value.trim() || "lobby";
    if (!ROOM_NAME.test(room)) {
      log("error", "a room name is 1 to 40 letters, digits, - _ . or ~");
      return;
    }
    var url = chatUrl(room);
    history.replaceState(null, "", "?room=" + encodeURIComponent(room));
    log("info", "new WebSocket(\"" + url + "\", \"chat\")");
    var socket;
    try {
      socket = new WebSocket(url, "chat");
    } catch (e) {
      ws = null;
      log("error", "new WebSocket failed: " + e.message);
      showState();
      return;
    }
    ws = socket;
    // The handlers check "this === ws": events of an earlier socket (one closed when the page was
    // hidden, say) can arrive after a new one is open, and must not touch the new one's state.
    socket.onopen = function () {
      log("open", "onopen: protocol \"" + this.protocol + "\"");
      showState();
    };
    socket.onmessage = function (event) {
      if (this !== ws) {
        return;
      }
      if (typeof event.data == "string") {
        received(event.data);
      } else {
        log("error", "unexpected binary message");
      }
      showState();
    };
    socket.onerror = function () {
      // Browsers give no detail here on purpose; the onclose that follows has the code.
      log("error", "onerror");
    };
    socket.onclose = function (event) {
      log("close", "onclose: code " + event.code
        + (event.reason ? ", reason \"" + event.reason + "\"" : "")
        + ", wasClean " + event.wasClean);
      if (this === ws) {
        myId = null;
        members = {};
        showMembers();
        document.getElementById("current-room").textContent = "-";
      }
      showState();
    };
    showState();
  }

  function send() {
    var text = messageInput.value;
    if (!ws || ws.readyState != WebSocket.OPEN) {
      log("error", "not in a room: Join first");
      return;
    }
    if (text.trim() === "") {
      return;
    }
    ws.send(text);
    messageInput.value = "";
    showState();
  }

  function leave() {
    if (!ws || ws.readyState == WebSocket.CLOSED || ws.readyState == WebSocket.CLOSING) {
      log("error", "not in a room");
      return;
    }
    log("info", "close()");
    ws.close(1000, "left the room");
    showState();
  }

  function adminPush() {
    var result = document.getElementById("admin-result");
    var form = new URLSearchParams();
    form.append("message", document.getElementById("admin-message").value);
    if (document.getElementById("admin-this-room").checked) {
      form.append("room", roomInput.value.trim() || "lobby");
    }
    result.textContent = "...";
    fetch(contextPath() + "admin/push", { method: "POST", body: form })
      .then(function (response) { return response.text(); })
      .then(function (text) { result.textContent = text.trim(); })
      .catch(function (e) { result.textContent = "failed: " + e.message; });
  }

  document.getElementById("join-form").addEventListener("submit", function (event) {
    event.preventDefault();
    join();
  });
  document.getElementById("send-form").addEventListener("submit", function (event) {
    event.preventDefault();
    send();
  });
  document.getElementById("admin-form").addEventListener("submit", function (event) {
    event.preventDefault();
    adminPush();
  });
  document.getElementById("leave").addEventListener("click", leave);
  document.getElementById("clear").addEventListener("click", function () {
    logList.textContent = "";
  });

  // Leaving the page leaves the room. Without this, a browser may keep the page, and its open
  // socket, in its back/forward cache, so the room would not hear that we left until the browser
  // evicts the page. Coming back to the page (Back button) joins again, with a new socket.
  window.addEventListener("pagehide", function () {
    rejoinOnShow = ws !== null && (ws.readyState == WebSocket.CONNECTING || ws.readyState == WebSocket.OPEN);
    if (rejoinOnShow) {
      ws.close(1000, "left the page");
    }
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && rejoinOnShow) {
      rejoinOnShow = false;
      log("info", "back on the page: joining again");
      join();
    }
  });

  var requested = new URLSearchParams(window.location.search).get("room");
  if (requested) {
    roomInput.value = requested;
  }
  // readyState and bufferedAmount change without an event of their own: poll them.
  setInterval(showState, 200);
  join();
}());
