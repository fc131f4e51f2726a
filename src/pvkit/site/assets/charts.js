/* pvkit static site: draw every chart from its Vega-Lite spec with the bundled vega-embed.
   Each chart is a .pvkit-chart-view element whose data-spec names a JSON script. When drawn,
   the element gets data-drawn="true"; if drawing fails it says so in words (the data table
   below the chart still holds its content). */
(function () {
  "use strict";

  function fail(view, message) {
    view.dataset.drawn = "error";
    var note = document.createElement("p");
    note.className = "chart-error";
    note.textContent = "This chart could not be drawn (" + message + "). Its data are in the table below.";
    view.appendChild(note);
  }

  /* Vega gives a mark container role="graphics-symbol" but a name only when the spec
     describes it: hide empty containers (nothing drawn yet) and name the others by their kind. */
  function nameMarks(view) {
    var marks = view.querySelectorAll('[role="graphics-symbol"]:not([aria-label])');
    Array.prototype.forEach.call(marks, function (mark) {
      if (!mark.firstElementChild) {
        mark.setAttribute("aria-hidden", "true");
      } else {
        mark.setAttribute("aria-label", mark.getAttribute("aria-roledescription") || "chart marks");
      }
    });
  }

  function draw(view) {
    var source = document.getElementById(view.dataset.spec);
    if (!source) { fail(view, "its specification is missing"); return Promise.resolve(); }
    if (typeof window.vegaEmbed !== "function") { fail(view, "the chart library did not load"); return Promise.resolve(); }
    var spec = JSON.parse(source.textContent);
    return window.vegaEmbed(view, spec, { actions: false, renderer: "svg" }).then(function () {
      nameMarks(view);
      view.dataset.drawn = "true";
    }).catch(function (error) {
      fail(view, String(error && error.message || error));
    });
  }

  function drawAll() {
    var views = Array.prototype.slice.call(document.querySelectorAll(".pvkit-chart-view"));
    Promise.all(views.map(draw)).then(function () { document.body.dataset.chartsDrawn = "true"; });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
