/* The quiz page's review mode: the questions due (then those never reviewed) one at a time,
   the answer shown on request, then rated again / hard / good / easy (keys 1 to 4) and
   scheduled by FSRS (fsrs.js). The history is kept in this browser's localStorage under the
   guide's name, by each question's stable id (the id of its Anki note too), and goes to and
   from a JSON file (docs/formats.md, "The review history"). Also: a question found by its
   short id, from the box or from the address (#q-<short id>). The quiz's own script (quiz.js)
   is left alone: while reviewing, this one takes the keys first and hides the quiz's controls. */
(function () {
  "use strict";
  var section = document.getElementById("review");
  if (!section || typeof studyguideFsrs === "undefined") return;
  var fsrs = studyguideFsrs;
  var FORMAT = "studyguide review history";
  var VERSION = 1;
  var guide = JSON.parse(document.getElementById("review-guide").textContent);
  var words = JSON.parse(document.getElementById("review-words").textContent);
  var key = "studyguide-review:" + guide.guide;
  var items = Array.prototype.slice.call(document.querySelectorAll("#items .item"));
  var byId = {};
  var byShortId = {};
  var modeButton = document.getElementById("review-mode");
  var status = document.getElementById("review-status");
  var message = document.getElementById("review-message");
  var done = document.getElementById("review-done");
  var ratings = document.getElementById("ratings");
  var quizParts = ["controls", "navigation", "done"].map(function (id) {
    return document.getElementById(id);
  });
  var dates = window.Intl ? new Intl.DateTimeFormat(document.documentElement.lang || "en",
    { dateStyle: "medium", timeStyle: "short" }) : null;
  var state = { reviewing: false, current: null, revealed: false, hiddenBefore: [] };

  items.forEach(function (item) {
    byId[item.id] = item;
    var shortId = guide.ids[item.id];
    if (!shortId) return;
    byShortId[shortId] = item.id;
    var label = document.createElement("span");
    label.className = "short-id";
    label.textContent = " · " + shortId;
    item.querySelector(".meta").insertBefore(label, item.querySelector(".mark"));
  });
  var cards = read(stored());

  function say(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (whole, name) {
      return name in values ? values[name] : whole;
    });
  }

  function number(value) {
    return String(value).replace(/[0-9]/g, function (digit) { return words.digits[digit]; });
  }

  function when(time) {
    var date = new Date(time);
    return dates ? dates.format(date) : date.toISOString().slice(0, 16).replace("T", " ");
  }

  function stored() {
    try {
      return JSON.parse(window.localStorage.getItem(key) || "null");
    } catch (error) {
      return null;
    }
  }

  /* A history file's questions -> the cards of the questions this page still has. */
  function read(history) {
    var found = {};
    if (!history || history.format !== FORMAT || !history.questions) return found;
    Object.keys(history.questions).forEach(function (id) {
      var saved = history.questions[id];
      if (!byId[id] || !saved || typeof saved !== "object") return; /* a removed question */
      found[id] = {
        state: saved.state, step: saved.step, stability: saved.stability,
        difficulty: saved.difficulty, due: Date.parse(saved.due),
        last_review: saved.last_review ? Date.parse(saved.last_review) : null,
        last_rating: saved.last_rating, reviews: saved.reviews || 0, lapses: saved.lapses || 0
      };
    });
    return found;
  }

  /* The cards -> the history file's content (docs/formats.md, "The review history"). */
  function history() {
    var questions = {};
    items.forEach(function (item) {
      var card = cards[item.id];
      if (!card) return;
      questions[item.id] = {
        short_id: guide.ids[item.id], state: card.state, step: card.step,
        stability: card.stability, difficulty: card.difficulty,
        due: new Date(card.due).toISOString(),
        last_review: card.last_review == null ? null : new Date(card.last_review).toISOString(),
        last_rating: card.last_rating, reviews: card.reviews, lapses: card.lapses
      };
    });
    return { format: FORMAT, version: VERSION, guide: guide.guide, title: guide.title,
      exported: new Date().toISOString(), questions: questions };
  }

  function save() {
    try {
      window.localStorage.setItem(key, JSON.stringify(history()));
    } catch (error) {
      /* private browsing: the history lasts as long as the page */
    }
  }

  /* The questions to review now: those due, the longest overdue first, then the new ones. */
  function queue(now) {
    var due = items.filter(function (item) {
      return cards[item.id] && cards[item.id].due <= now;
    }).sort(function (a, b) { return cards[a.id].due - cards[b.id].due; });
    var fresh = items.filter(function (item) { return !cards[item.id]; });
    return { due: due, fresh: fresh, all: due.concat(fresh) };
  }

  function nextDue() {
    var times = Object.keys(cards).map(function (id) { return cards[id].due; });
    return times.length ? Math.min.apply(null, times) : null;
  }

  function render() {
    var now = Date.now();
    var waiting = queue(now);
    var next = nextDue();
    status.textContent = say(words.status, {
      due: number(waiting.due.length), new: number(waiting.fresh.length),
      next: next === null ? "—" : when(next)
    });
    modeButton.setAttribute("aria-pressed", state.reviewing ? "true" : "false");
    document.getElementById("review-tools").hidden = !state.reviewing;
    document.body.classList.toggle("reviewing", state.reviewing);
    if (!state.reviewing) return;
    if (waiting.all.indexOf(state.current) < 0) {
      state.current = waiting.all[0] || null;
      state.revealed = false;
      if (state.current) state.current.querySelector("details").open = false;
    }
    items.forEach(function (item) { item.hidden = item !== state.current; });
    done.hidden = state.current !== null;
    done.textContent = say(words.nothing_due, { next: next === null ? "—" : when(next) });
    ratings.hidden = !state.current || !state.revealed;
    if (state.current) state.current.appendChild(ratings);
  }

  function startReviewing() {
    state.reviewing = true;
    state.current = null;
    state.hiddenBefore = quizParts.map(function (part) { return part.hidden; });
    quizParts.forEach(function (part) { part.hidden = true; });
    render();
    if (state.current) state.current.querySelector(".prompt").focus();
  }

  function stopReviewing() {
    state.reviewing = false;
    ratings.hidden = true;
    quizParts.forEach(function (part, index) { part.hidden = state.hiddenBefore[index]; });
    render();
    /* the quiz's pressed mode button shows its questions again as it had them */
    var mode = document.querySelector('#controls .modes [aria-pressed="true"]');
    if (mode) mode.click();
  }

  /* The answer shown, and the ratings with it: at once, not when the "toggle" event comes,
     so that a rating pressed right after the key that showed the answer counts. */
  function reveal() {
    if (!state.current) return;
    state.current.querySelector("details").open = true;
    state.revealed = true;
    render();
  }

  function rate(rating) {
    var item = state.current;
    if (!item || !state.revealed) return;
    var now = Date.now();
    var before = cards[item.id] || fsrs.newCard(now);
    var after = fsrs.review(before, rating, now);
    after.last_rating = rating;
    after.reviews = (before.reviews || 0) + 1;
    after.lapses = (before.lapses || 0) + (rating === fsrs.AGAIN && before.state === 2 ? 1 : 0);
    cards[item.id] = after;
    save();
    state.current = null;
    render();
    var focus = state.current ? state.current.querySelector(".prompt") : done;
    if (!state.current) done.setAttribute("tabindex", "-1");
    focus.focus();
  }

  function goTo(text) {
    var wanted = text.trim().toLowerCase().replace(/^#?q-/, "");
    var id = byShortId[wanted] || (byId[wanted] ? wanted : null);
    message.textContent = id ? "" : say(words.no_such_id, { id: text.trim() });
    if (!id) return;
    if (state.reviewing) stopReviewing();
    var sectionSelect = document.getElementById("section");
    var unknownOnly = document.getElementById("unknown");
    if (sectionSelect.value) {
      sectionSelect.value = "";
      sectionSelect.dispatchEvent(new Event("change"));
    }
    if (unknownOnly.checked) {
      unknownOnly.checked = false;
      unknownOnly.dispatchEvent(new Event("change"));
    }
    document.getElementById("list").click();
    var item = byId[id];
    item.scrollIntoView();
    item.querySelector(".prompt").focus();
  }

  function exportHistory() {
    var blob = new Blob([JSON.stringify(history(), null, 2) + "\n"], { type: "application/json" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = guide.guide + "-history.json";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  function importHistory(file) {
    file.text().then(function (text) {
      var data;
      try {
        data = JSON.parse(text);
      } catch (error) {
        data = null;
      }
      if (!data || data.format !== FORMAT || typeof data.questions !== "object") {
        message.textContent = words.not_history;
      } else if (data.guide !== guide.guide) {
        message.textContent = say(words.other_guide, { guide: String(data.title || data.guide) });
      } else {
        cards = read(data);
        save();
        state.current = null;
        message.textContent = words.imported;
        render();
      }
    });
  }

  items.forEach(function (item) {
    item.querySelector("details").addEventListener("toggle", function (event) {
      if (item !== state.current || !event.target.open || state.revealed) return;
      state.revealed = true; /* shown by its summary, or by picking a choice */
      render();
    });
  });
  ratings.querySelectorAll("button").forEach(function (button) {
    button.addEventListener("click", function () {
      rate(Number(button.getAttribute("data-rating")));
    });
  });
  modeButton.addEventListener("click", function () {
    if (state.reviewing) stopReviewing(); else startReviewing();
  });
  document.getElementById("history-export").addEventListener("click", exportHistory);
  document.getElementById("history-import").addEventListener("change", function (event) {
    if (event.target.files.length) importHistory(event.target.files[0]);
    event.target.value = "";
  });
  document.getElementById("history-clear").addEventListener("click", function () {
    cards = {};
    save();
    state.current = null;
    render();
  });
  document.getElementById("jump").addEventListener("submit", function (event) {
    event.preventDefault();
    goTo(document.getElementById("jump-id").value);
  });

  /* While reviewing, the keys are the review's, before the quiz's script sees them. */
  window.addEventListener("keydown", function (event) {
    if (!state.reviewing || event.altKey || event.ctrlKey || event.metaKey) return;
    var target = event.target;
    if (target.closest && target.closest("input, select, textarea")) return;
    var pressable = target.closest && target.closest("button, summary, a, label");
    if (event.key === " " || event.key === "Spacebar") {
      if (pressable) return;
      event.preventDefault();
      reveal();
    } else if (/^[1-4]$/.test(event.key)) {
      rate(Number(event.key));
    } else if (/^[a-f]$/i.test(event.key) && state.current) {
      var choices = state.current.querySelectorAll(".choices button");
      var choice = choices["abcdef".indexOf(event.key.toLowerCase())];
      if (choice) choice.click();
    } else if (!/^Arrow/.test(event.key)) {
      return; /* the quiz's arrows would show its own questions: not while reviewing */
    }
    event.stopPropagation();
  }, true);

  function followAddress() {
    if (/^#q-/.test(window.location.hash)) goTo(decodeURIComponent(window.location.hash.slice(1)));
  }
  window.addEventListener("hashchange", followAddress);
  window.setInterval(function () { if (state.reviewing) render(); }, 60 * 1000);

  section.hidden = false;
  render();
  followAddress();
})();
