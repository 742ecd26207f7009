// The 复制正文 button of the press folder's WeChat page: puts the article on the clipboard as
// inline-styled HTML (what the official-account editor keeps), with its text as the plain form.
// execCommand("copy") with a copy handler works from a file opened on disk, where the
// asynchronous clipboard API is often refused; that API is the fallback.
(function () {
  "use strict";
  var status = document.getElementById("copy-status");

  function say(text) {
    status.textContent = text;
  }

  function copy(html, text, done) {
    function onCopy(event) {
      if (html) {
        event.clipboardData.setData("text/html", html);
      }
      event.clipboardData.setData("text/plain", text);
      event.preventDefault();
    }
    var copied = false;
    document.addEventListener("copy", onCopy);
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    document.removeEventListener("copy", onCopy);
    if (copied) {
      say(done);
      return;
    }
    if (!navigator.clipboard || !window.ClipboardItem) {
      say("浏览器不允许本页复制：请用鼠标选中内容，按 Ctrl+C 复制。");
      return;
    }
    var parts = {"text/plain": new Blob([text], {type: "text/plain"})};
    if (html) {
      parts["text/html"] = new Blob([html], {type: "text/html"});
    }
    navigator.clipboard.write([new ClipboardItem(parts)]).then(function () {
      say(done);
    }, function () {
      say("浏览器不允许本页复制：请用鼠标选中内容，按 Ctrl+C 复制。");
    });
  }

  var buttons = document.querySelectorAll("button[data-copy]");
  Array.prototype.forEach.call(buttons, function (button) {
    button.addEventListener("click", function () {
      var source = document.getElementById(button.getAttribute("data-copy"));
      var rich = button.hasAttribute("data-rich");
      copy(rich ? source.innerHTML : "", source.innerText.trim(), button.getAttribute("data-done"));
    });
  });
})();
