/* The self-quiz page's behaviour: one question at a time or the whole list, answers revealed
   on request, marks ("knew it", "again") kept in this browser's localStorage, shuffle and a
   section filter. Without this script the page is a plain list of <details>. The words it
   writes come, translated, from the page's #quiz-words. */
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll("#items .item"));
  var main = document.getElementById("items");
  var controls = document.getElementById("controls");
  var progress = document.getElementById("progress");
  var done = document.getElementById("done");
  var singleButton = document.getElementById("single");
  var listButton = document.getElementById("list");
  var sectionSelect = document.getElementById("section");
  var unknownOnly = document.getElementById("unknown");
  var key = main.getAttribute("data-storage-key");
  var words = JSON.parse(document.getElementById("quiz-words").textContent);
  var lang = document.documentElement.lang || "en";
  var rightToLeft = document.documentElement.dir === "rtl";
  var plurals = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;
  var state = { order: items.slice(), index: 0, single: true };
  var marks = load();

  function load() {
    try {
      var stored = JSON.parse(window.localStorage.getItem(key) || "{}");
      return stored && typeof stored === "object" ? stored : {};
    } catch (error) {
      return {};
    }
  }

  function save() {
    try {
      window.localStorage.setItem(key, JSON.stringify(marks));
    } catch (error) {
      /* private browsing: marks last as long as the page */
    }
  }

  /* A number in the language's own digits. */
  function number(value) {
    return String(value).replace(/[0-9]/g, function (digit) { return words.digits[digit]; });
  }

  /* A message with its %(name)s placeholders filled in. */
  function say(message, values) {
    return message.replace(/%\((\w+)\)s/g, function (whole, name) {
      return name in values ? values[name] : whole;
    });
  }

  function count(forms, value) {
    var category = plurals ? plurals.select(value) : value === 1 ? "one" : "other";
    return say(forms[category] || forms.other, { num: number(value) });
  }

  function shown() {
    return state.order.filter(function (item) {
      var section = sectionSelect.value;
      if (section && item.getAttribute("data-section") !== section) return false;
      return !(unknownOnly.checked && marks[item.id] === "knew");
    });
  }

  function current() {
    var visible = shown();
    if (state.single) return visible[state.index] || null;
    var focused = document.activeElement && document.activeElement.closest
      ? document.activeElement.closest(".item") : null;
    return focused && visible.indexOf(focused) >= 0 ? focused : visible[0] || null;
  }

  function render() {
    var visible = shown();
    state.index = Math.max(0, Math.min(state.index, visible.length - 1));
    state.order.forEach(function (item) {
      main.appendChild(item); /* the order of the list is the order of the quiz */
      var mark = marks[item.id];
      item.classList.toggle("marked-knew", mark === "knew");
      item.classList.toggle("marked-again", mark === "again");
      item.querySelector(".mark").textContent =
        mark === "knew" ? " · " + words.marked_knew : mark === "again" ? " · " + words.marked_again : "";
      item.hidden = visible.indexOf(item) < 0 || (state.single && item !== visible[state.index]);
    });
    done.hidden = visible.length > 0;
    document.body.classList.toggle("single", state.single);
    singleButton.setAttribute("aria-pressed", state.single ? "true" : "false");
    listButton.setAttribute("aria-pressed", state.single ? "false" : "true");
    var known = 0;
    var again = 0;
    visible.forEach(function (item) {
      if (marks[item.id] === "knew") known += 1;
      if (marks[item.id] === "again") again += 1;
    });
    var where = state.single && visible.length
      ? say(words.position, { position: number(state.index + 1), count: number(visible.length) })
      : count(words.questions, visible.length);
    progress.textContent = say(words.tally, {
      shown: where,
      knew: number(known),
      again: number(again),
      unmarked: number(visible.length - known - again)
    });
  }

  function go(step) {
    var visible = shown();
    if (!visible.length) return;
    state.index = (state.index + step + visible.length) % visible.length;
    render();
    var item = visible[state.index];
    if (state.single && item) item.querySelector(".prompt").focus();
  }

  function mark(item, verdict) {
    if (!item) return;
    marks[item.id] = verdict;
    save();
    if (state.single) {
      var before = shown();
      var position = before.indexOf(item);
      /* with "only those not yet known", a question marked known leaves the list */
      state.index = position < 0 ? state.index : position + 1;
      if (state.index >= before.length) state.index = 0;
      render();
      var next = shown()[state.index];
      if (next) next.querySelector(".prompt").focus();
    } else {
      render();
    }
  }

  function reveal(item) {
    if (!item) return;
    var details = item.querySelector("details");
    details.open = !details.open;
  }

  function pick(item, choice) {
    var verdict = item.querySelector(".verdict");
    var right = choice.parentNode.getAttribute("data-correct") === "yes";
    var correct = item.querySelectorAll('.choices li[data-correct="yes"]');
    var labels = Array.prototype.map.call(correct, function (li) {
      return li.getAttribute("data-label");
    });
    item.querySelectorAll(".choices button").forEach(function (button) {
      button.setAttribute("aria-pressed", button === choice ? "true" : "false");
    });
    verdict.textContent = right
      ? say(words.right, { choice: choice.parentNode.getAttribute("data-label") })
      : say(words.wrong, { choices: labels.join(words.choice_separator) });
    verdict.className = "verdict " + (right ? "right" : "wrong");
    item.querySelector("details").open = true;
  }

  items.forEach(function (item) {
    item.querySelector(".marks").hidden = false;
    item.querySelector(".knew").addEventListener("click", function () { mark(item, "knew"); });
    item.querySelector(".again").addEventListener("click", function () { mark(item, "again"); });
    item.querySelectorAll(".choices li").forEach(function (li) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "choice";
      button.setAttribute("aria-pressed", "false");
      while (li.firstChild) button.appendChild(li.firstChild);
      li.appendChild(button);
      button.addEventListener("click", function () { pick(item, button); });
    });
  });

  singleButton.addEventListener("click", function () { state.single = true; render(); });
  listButton.addEventListener("click", function () { state.single = false; render(); });
  document.getElementById("shuffle").addEventListener("click", function () {
    for (var i = state.order.length - 1; i > 0; i -= 1) {
      var j = Math.floor(Math.random() * (i + 1));
      var swap = state.order[i];
      state.order[i] = state.order[j];
      state.order[j] = swap;
    }
    state.index = 0;
    render();
  });
  document.getElementById("reset").addEventListener("click", function () {
    marks = {};
    save();
    render();
  });
  document.getElementById("previous").addEventListener("click", function () { go(-1); });
  document.getElementById("next").addEventListener("click", function () { go(1); });
  sectionSelect.addEventListener("change", function () { state.index = 0; render(); });
  unknownOnly.addEventListener("change", function () { state.index = 0; render(); });

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var target = event.target;
    var typing = target.closest && target.closest("input, select, textarea");
    var pressable = target.closest && target.closest("button, summary, a");
    var item = current();
    if (typing) return;
    if (event.key === " " || event.key === "Spacebar") {
      if (pressable) return; /* the focused control handles its own space */
      event.preventDefault();
      reveal(item);
    } else if (event.key === "1") {
      mark(item, "knew");
    } else if (event.key === "2") {
      mark(item, "again");
    } else if (event.key === (rightToLeft ? "ArrowLeft" : "ArrowRight") && state.single) {
      go(1); /* forward is the way the page reads */
    } else if (event.key === (rightToLeft ? "ArrowRight" : "ArrowLeft") && state.single) {
      go(-1);
    } else if (item && /^[a-f]$/i.test(event.key) && state.single) {
      var choices = item.querySelectorAll(".choices button");
      var chosen = choices["abcdef".indexOf(event.key.toLowerCase())];
      if (chosen) pick(item, chosen);
    }
  });
  window.addEventListener("beforeprint", function () {
    items.forEach(function (item) { item.querySelector("details").open = true; });
  });

  controls.hidden = false;
  document.getElementById("navigation").hidden = false;
  render();
})();
