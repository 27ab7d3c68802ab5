// A depth chart of one book on a canvas: cumulative volume of the bids (left) and asks (right) by price.
const BID = '#26a69a';
const ASK = '#ef5350';
const TEXT = '#9aa5b1';

function cumulative(levels) {
  let sum = 0;
  return levels.map(([price, volume]) => [price, (sum += volume)]);
}

export class DepthChart {
  constructor(canvas) {
    this.canvas = canvas;
    this.book = null;
    new ResizeObserver(() => this.draw()).observe(canvas);
  }

  render(book) {
    this.book = book;
    this.canvas.dataset.levels = book ? String(book.bids.length + book.asks.length) : '0';
    this.draw();
  }

  draw() {
    const { canvas } = this;
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    if (width === 0 || height === 0) {
      return;
    }
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    const g = canvas.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);
    g.font = '11px system-ui, sans-serif';
    g.fillStyle = TEXT;
    const bids = this.book ? cumulative(this.book.bids) : [];
    const asks = this.book ? cumulative(this.book.asks) : [];
    if (bids.length === 0 && asks.length === 0) {
      g.fillText('no orders in the book', 12, height / 2);
      return;
    }
    const prices = [...bids, ...asks].map(([p]) => p);
    let low = Math.min(...prices);
    let high = Math.max(...prices);
    const pad = (high - low) * 0.05 || Math.abs(high) * 0.01 || 1;
    low -= pad;
    high += pad;
    const maxVolume = Math.max(bids.length ? bids[bids.length - 1][1] : 0, asks.length ? asks[asks.length - 1][1] : 0);
    const left = 8;
    const right = width - 8;
    const top = 18;
    const base = height - 20;
    const x = (p) => left + ((p - low) / (high - low)) * (right - left);
    const y = (v) => base - (v / maxVolume) * (base - top);

    this.side(g, bids, x, y, base, x(low), BID);
    this.side(g, asks, x, y, base, x(high), ASK);

    g.fillStyle = TEXT;
    g.textBaseline = 'alphabetic';
    g.fillText(String(maxVolume), left, top - 6);
    g.textAlign = 'left';
    g.fillText(low.toPrecision(6).replace(/\.?0+$/, ''), left, height - 5);
    g.textAlign = 'right';
    g.fillText(high.toPrecision(6).replace(/\.?0+$/, ''), right, height - 5);
    if (bids.length && asks.length) {
      // best bid | best ask, centred above the spread (the price-range labels hold the bottom corners)
      g.textAlign = 'center';
      g.fillText(`${bids[0][0]} | ${asks[0][0]}`, Math.min(Math.max(x((bids[0][0] + asks[0][0]) / 2), 80), width - 80), top - 6);
    }
    g.textAlign = 'left';
  }

  /** One side as a step area, from its best price outwards to the chart's edge. */
  side(g, levels, x, y, base, edge, color) {
    if (levels.length === 0) {
      return;
    }
    g.beginPath();
    g.moveTo(x(levels[0][0]), base);
    let previous = 0;
    for (const [price, total] of levels) {
      g.lineTo(x(price), y(previous));
      g.lineTo(x(price), y(total));
      previous = total;
    }
    g.lineTo(edge, y(previous));
    g.lineTo(edge, base);
    g.closePath();
    g.fillStyle = color + '40';
    g.fill();
    g.strokeStyle = color;
    g.lineWidth = 1.5;
    g.stroke();
  }
}
