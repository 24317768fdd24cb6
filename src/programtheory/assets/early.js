/* programtheory interactive view, part 1: runs in <head> right after vis-network is loaded and
 * before pyvis creates the network. It notes the time of the first complete drawing
 * (window.ptTiming.firstDraw, ms since navigation start), draws the band and group frames
 * and the column headers under the network on every drawing, the first one included, and
 * paints over the boxes what vis-network cannot draw itself, as the static figure shows it
 * (programtheory/style.py): the second border of a necessary element, the cut corners of an
 * undesired or mixed one, and the badge with the number of evidence items.
 * Texts are painted on the canvas with fillText (no markup is ever parsed).
 */
(function () {
  "use strict";
  var timing = window.ptTiming = window.ptTiming || {};
  var data = null;
  function getData() {
    if (data === null) {
      var node = document.getElementById("pt-data");
      data = node ? JSON.parse(node.textContent) : { frames: [], headers: [] };
    }
    return data;
  }
  var FONT = "'DejaVu Sans', Verdana, Arial, sans-serif";
  function background(ctx) {
    var D = getData();
    ctx.save();
    D.frames.forEach(function (f) {
      var w = f.x1 - f.x0, h = f.y1 - f.y0;
      ctx.beginPath();
      if (ctx.roundRect) { ctx.roundRect(f.x0, f.y0, w, h, 8); } else { ctx.rect(f.x0, f.y0, w, h); }
      if (f.kind === "band") {
        ctx.fillStyle = "#f7f7f7"; ctx.fill();
        ctx.strokeStyle = "#9a9a9a"; ctx.lineWidth = 1; ctx.setLineDash([]); ctx.stroke();
        ctx.fillStyle = "#222"; ctx.font = "bold 11px " + FONT;
        ctx.textAlign = "left"; ctx.textBaseline = "top";
        ctx.fillText(f.label, f.x0 + 8, f.y0 + 4);
      } else {
        ctx.strokeStyle = "#444"; ctx.lineWidth = 1.3; ctx.setLineDash([5, 3]); ctx.stroke();
        ctx.setLineDash([]);
      }
    });
    ctx.fillStyle = "#111"; ctx.textAlign = "center"; ctx.textBaseline = "middle";
    ctx.font = "bold 11px " + FONT;
    D.headers.forEach(function (hd) {
      var lines = hd.lines.length ? hd.lines : [hd.label];
      var top = hd.y - (lines.length - 1) * 6.5;
      lines.forEach(function (line, i) { ctx.fillText(line, hd.x, top + i * 13); });
    });
    ctx.restore();
  }
  function marks(ctx, network) {
    var D = getData();
    var all = D.marks || {};
    var drawn = network && network.body ? network.body.nodes : {};
    ctx.save();
    Object.keys(all).forEach(function (id) {
      var m = all[id], node = drawn[id];
      if (!node || node.options.hidden || !node.shape || !node.shape.width) { return; }
      var w = node.shape.width, h = node.shape.height;
      var x0 = node.x - w / 2, y0 = node.y - h / 2;
      ctx.strokeStyle = m.color; ctx.lineWidth = 1; ctx.setLineDash([]);
      if (m.double) { ctx.strokeRect(x0 + 3, y0 + 3, w - 6, h - 6); }
      if (m.cut) {
        var c = Math.min(8, h / 3);
        ctx.beginPath();
        ctx.moveTo(x0, y0 + c); ctx.lineTo(x0 + c, y0);
        ctx.moveTo(x0 + w - c, y0); ctx.lineTo(x0 + w, y0 + c);
        ctx.moveTo(x0, y0 + h - c); ctx.lineTo(x0 + c, y0 + h);
        ctx.moveTo(x0 + w - c, y0 + h); ctx.lineTo(x0 + w, y0 + h - c);
        ctx.stroke();
      }
      if (m.evidence > 0) {
        var r = 7, bx = x0 + w - 2, by = y0 + 2;
        ctx.beginPath(); ctx.arc(bx, by, r, 0, 2 * Math.PI);
        ctx.fillStyle = "#ffffff"; ctx.fill(); ctx.strokeStyle = "#333333"; ctx.stroke();
        ctx.fillStyle = "#111111"; ctx.font = "9px " + FONT;
        ctx.textAlign = "center"; ctx.textBaseline = "middle";
        ctx.fillText(String(m.evidence), bx, by + 0.5);
      }
    });
    ctx.restore();
  }
  window.ptBackground = background;
  var P = window.vis && window.vis.Network && window.vis.Network.prototype;
  if (!P || !P.emit) { return; }
  var emit = P.emit;
  P.emit = function (name, ctx) {
    if (name === "beforeDrawing") {
      try { background(ctx); } catch (err) { console.error(err); }
    }
    if (name === "afterDrawing") {
      try { marks(ctx, this); } catch (err) { console.error(err); }
    }
    var result = emit.apply(this, arguments);
    if (name === "afterDrawing" && !timing.firstDraw) { timing.firstDraw = performance.now(); }
    return result;
  };
})();
