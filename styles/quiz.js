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

  /* A question with one correct choice is answered by one click on it; one with several
     ("Choose TWO") by ticking boxes, then Check: it is right only with every correct choice
     and no other. */
  function many(item) {
    return Number(item.querySelector(".choices").getAttribute("data-correct-count")) > 1;
  }

  function labels(choices) {
    return choices.map(function (li) { return li.getAttribute("data-label"); })
      .join(words.choice_separator);
  }

  function check(item, picked) {
    var verdict = item.querySelector(".verdict");
    var all = Array.prototype.slice.call(item.querySelectorAll(".choices li"));
    var correct = all.filter(function (li) { return li.getAttribute("data-correct") === "yes"; });
    var right = picked.length === correct.length && picked.every(function (li) {
      return correct.indexOf(li) >= 0;
    });
    all.forEach(function (li) { markChoice(li, picked.indexOf(li) >= 0); });
    verdict.textContent = right
      ? say(correct.length > 1 ? words.right_all : words.right, {
        choice: labels(correct), choices: labels(correct)
      })
      : say(words.wrong, { choices: labels(correct) });
    verdict.className = "verdict " + (right ? "right" : "wrong");
    item.querySelector("details").open = true;
  }

  /* After a check, each correct choice and each picked one carries a sign (✓ correct, ✗
     picked but wrong) and words for screen readers, besides its colour. */
  function markChoice(li, picked) {
    var correct = li.getAttribute("data-correct") === "yes";
    var sign = li.querySelector(".choice-mark");
    var shown = correct || picked;
    li.classList.toggle("picked", picked);
    li.classList.toggle("is-correct", correct);
    sign.hidden = !shown;
    sign.querySelector("[aria-hidden]").textContent = correct ? "✓" : "✗";
    sign.querySelector(".visually-hidden").textContent = !shown ? "" : picked
      ? (correct ? words.picked_right : words.picked_wrong) : words.correct;
  }

  function pick(item, button) {
    item.querySelectorAll(".choices button").forEach(function (other) {
      other.setAttribute("aria-pressed", other === button ? "true" : "false");
    });
    check(item, [button.parentNode]);
  }

  function checkTicked(item) {
    var ticked = Array.prototype.filter.call(item.querySelectorAll(".choices li"), function (li) {
      return li.querySelector("input").checked;
    });
    check(item, ticked);
  }

  /* Each choice becomes a button (one correct choice) or a box to tick (several), with a
     place for its sign. */
  function makeChoices(item) {
    var several = many(item);
    item.querySelectorAll(".choices li").forEach(function (li) {
      var control = document.createElement(several ? "label" : "button");
      var sign = document.createElement("span");
      sign.className = "choice-mark";
      sign.hidden = true;
      sign.innerHTML = '<span aria-hidden="true"></span><span class="visually-hidden"></span>';
      control.className = "choice";
      if (several) {
        var box = document.createElement("input");
        box.type = "checkbox";
        control.appendChild(box);
      } else {
        control.type = "button";
        control.setAttribute("aria-pressed", "false");
        control.addEventListener("click", function () { pick(item, control); });
      }
      control.appendChild(sign);
      while (li.firstChild) control.appendChild(li.firstChild);
      li.appendChild(control);
    });
    if (several) {
      var checkButton = document.createElement("button");
      checkButton.type = "button";
      checkButton.className = "check-choices";
      checkButton.textContent = words.check;
      checkButton.addEventListener("click", function () { checkTicked(item); });
      item.querySelector(".choices").insertAdjacentElement("afterend", checkButton);
    }
  }

  items.forEach(function (item) {
    item.querySelector(".marks").hidden = false;
    item.querySelector(".knew").addEventListener("click", function () { mark(item, "knew"); });
    item.querySelector(".again").addEventListener("click", function () { mark(item, "again"); });
    if (item.querySelector(".choices")) makeChoices(item);
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
      var choices = item.querySelectorAll(".choices .choice");
      var chosen = choices["abcdef".indexOf(event.key.toLowerCase())];
      if (chosen && chosen.tagName === "LABEL") chosen.querySelector("input").click();
      else if (chosen) pick(item, chosen);
    }
  });
  window.addEventListener("beforeprint", function () {
    items.forEach(function (item) { item.querySelector("details").open = true; });
  });

  controls.hidden = false;
  document.getElementById("navigation").hidden = false;
  render();
})();
