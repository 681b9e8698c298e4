/* A question's review history -> when to ask it again: the FSRS-6 scheduler (Free Spaced
   Repetition Scheduler, https://github.com/open-spaced-repetition/fsrs4anki/wiki), with the
   default parameters, retention and steps of the Python reference implementation (the `fsrs`
   package that pyproject.toml pins in its test group, which tests/formats/test_review.py
   checks this against). Without "fuzz": the same ratings at the same times give the same dates.

   A card is {state, step, stability, difficulty, due, last_review}: state 1 learning,
   2 review, 3 relearning (as fsrs.State numbers them); times are milliseconds since 1970.
   Ratings are 1 again, 2 hard, 3 good, 4 easy. Runs in the page and in Node (the tests). */
var studyguideFsrs = (function () {
  "use strict";
  var PARAMETERS = [
    0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
    1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542
  ];
  var RETENTION = 0.9;
  var MINUTE = 60 * 1000;
  var DAY = 24 * 60 * MINUTE;
  var LEARNING_STEPS = [1 * MINUTE, 10 * MINUTE];
  var RELEARNING_STEPS = [10 * MINUTE];
  var MAXIMUM_INTERVAL = 36500; /* days */
  var LEARNING = 1;
  var REVIEW = 2;
  var RELEARNING = 3;
  var AGAIN = 1;
  var HARD = 2;
  var EASY = 4;
  var w = PARAMETERS;
  var DECAY = -w[20];
  var FACTOR = Math.pow(0.9, 1 / DECAY) - 1;

  function clampDifficulty(value) { return Math.min(Math.max(value, 1), 10); }
  function clampStability(value) { return Math.max(value, 0.001); }

  /* Python's round(): halves go to the even neighbour. */
  function roundHalfEven(value) {
    var floor = Math.floor(value);
    var fraction = value - floor;
    if (fraction === 0.5) return floor % 2 === 0 ? floor : floor + 1;
    return Math.round(value);
  }

  function initialStability(rating) { return clampStability(w[rating - 1]); }

  function initialDifficulty(rating, clamp) {
    var difficulty = w[4] - Math.exp(w[5] * (rating - 1)) + 1;
    return clamp ? clampDifficulty(difficulty) : difficulty;
  }

  function nextDifficulty(difficulty, rating) {
    var delta = -(w[6] * (rating - 3));
    var damped = difficulty + ((10 - difficulty) * delta) / 9;
    return clampDifficulty(w[7] * initialDifficulty(EASY, false) + (1 - w[7]) * damped);
  }

  function shortTermStability(stability, rating) {
    var increase = Math.exp(w[17] * (rating - 3 + w[18])) * Math.pow(stability, -w[19]);
    if (rating !== AGAIN) increase = Math.max(increase, 1);
    return clampStability(stability * increase);
  }

  function retrievability(card, now) {
    if (card.last_review == null || card.stability == null) return 0;
    var elapsed = Math.max(0, Math.floor((now - card.last_review) / DAY));
    return Math.pow(1 + (FACTOR * elapsed) / card.stability, DECAY);
  }

  function nextStability(card, rating, now) {
    var d = card.difficulty;
    var s = card.stability;
    var r = retrievability(card, now);
    var next;
    if (rating === AGAIN) {
      var longTerm = w[11] * Math.pow(d, -w[12]) * (Math.pow(s + 1, w[13]) - 1) *
        Math.exp((1 - r) * w[14]);
      next = Math.min(longTerm, s / Math.exp(w[17] * w[18]));
    } else {
      var hardPenalty = rating === HARD ? w[15] : 1;
      var easyBonus = rating === EASY ? w[16] : 1;
      next = s * (1 + Math.exp(w[8]) * (11 - d) * Math.pow(s, -w[9]) *
        (Math.exp((1 - r) * w[10]) - 1) * hardPenalty * easyBonus);
    }
    return clampStability(next);
  }

  /* Whole days until a card of this stability is recalled with the desired retention. */
  function intervalDays(stability) {
    var days = (stability / FACTOR) * (Math.pow(RETENTION, 1 / DECAY) - 1);
    return Math.min(Math.max(roundHalfEven(days), 1), MAXIMUM_INTERVAL);
  }

  function newCard(now) {
    return { state: LEARNING, step: 0, stability: null, difficulty: null, due: now,
      last_review: null };
  }

  /* A card's memory after a rating: stability and difficulty. */
  function remember(card, rating, now) {
    var sinceLast = card.last_review == null ? null : Math.floor((now - card.last_review) / DAY);
    if (card.stability == null || card.difficulty == null) {
      card.stability = initialStability(rating);
      card.difficulty = initialDifficulty(rating, true);
      return;
    }
    var sameDay = sinceLast !== null && sinceLast < 1;
    card.stability = sameDay ? shortTermStability(card.stability, rating)
      : nextStability(card, rating, now);
    card.difficulty = nextDifficulty(card.difficulty, rating);
  }

  /* The wait after a rating in the learning or relearning steps; moves the card on. */
  function stepWait(card, rating, steps) {
    if (!steps.length || (card.step >= steps.length && rating !== AGAIN)) return graduate(card);
    if (rating === AGAIN) {
      card.step = 0;
      return steps[0];
    }
    if (rating === HARD) {
      if (card.step === 0) return steps.length === 1 ? steps[0] * 1.5 : (steps[0] + steps[1]) / 2;
      return steps[card.step];
    }
    if (rating === EASY || card.step + 1 === steps.length) return graduate(card);
    card.step += 1;
    return steps[card.step];
  }

  function graduate(card) {
    card.state = REVIEW;
    card.step = null;
    return intervalDays(card.stability) * DAY;
  }

  /* The card after a rating at a time (milliseconds): a new object, the old one untouched. */
  function review(old, rating, now) {
    var card = {
      state: old.state, step: old.step, stability: old.stability, difficulty: old.difficulty,
      due: old.due, last_review: old.last_review
    };
    var wait;
    remember(card, rating, now);
    if (card.state === LEARNING) {
      wait = stepWait(card, rating, LEARNING_STEPS);
    } else if (card.state === RELEARNING) {
      wait = stepWait(card, rating, RELEARNING_STEPS);
    } else if (rating === AGAIN && RELEARNING_STEPS.length) {
      card.state = RELEARNING;
      card.step = 0;
      wait = RELEARNING_STEPS[0];
    } else {
      wait = intervalDays(card.stability) * DAY;
    }
    card.due = now + wait;
    card.last_review = now;
    return card;
  }

  return { newCard: newCard, review: review, DAY: DAY, AGAIN: AGAIN };
})();

if (typeof module !== "undefined" && module.exports) module.exports = studyguideFsrs;
