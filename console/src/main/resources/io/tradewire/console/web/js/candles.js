// Candlesticks of the followed topic's bars (TradingView lightweight-charts), volume underneath.
import {
  CandlestickSeries, HistogramSeries, createChart,
} from '../vendor/lightweight-charts/lightweight-charts.standalone.production.mjs';

const UP = '#26a69a';
const DOWN = '#ef5350';

export class Candles {
  constructor(element) {
    this.element = element;
    this.chart = createChart(element, {
      autoSize: true,
      // The chart's own logo injects an inline <style>, which the console's CSP refuses: the panel names
      // TradingView as the library's creator instead (index.html), as its licence asks.
      layout: { background: { color: 'transparent' }, textColor: '#9aa5b1', fontSize: 11, attributionLogo: false },
      grid: { vertLines: { color: '#1e2630' }, horzLines: { color: '#1e2630' } },
      timeScale: { timeVisible: true, secondsVisible: false, borderColor: '#2b3440', barSpacing: 12, rightOffset: 3 },
      rightPriceScale: { borderColor: '#2b3440' },
    });
    this.series = this.chart.addSeries(CandlestickSeries, {
      upColor: UP, downColor: DOWN, borderVisible: false, wickUpColor: UP, wickDownColor: DOWN,
    });
    this.volume = this.chart.addSeries(HistogramSeries, { priceScaleId: '', priceFormat: { type: 'volume' } });
    this.volume.priceScale().applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
    this.reset(null);
  }

  /** Starts over for another topic; tick is the instrument's tick size (a string, e.g. "0.1"). */
  reset(tick) {
    this.series.setData([]);
    this.volume.setData([]);
    this.times = new Set();
    this.lastTime = -Infinity;
    if (tick) {
      const decimals = (tick.split('.')[1] || '').length;
      this.series.applyOptions({ priceFormat: { type: 'price', precision: decimals, minMove: Number(tick) } });
    }
    this.element.dataset.bars = '0';
  }

  /** A bar of the followed topic: a new one, or the current one changed. Older bars are ignored. */
  add(bar) {
    if (bar.time < this.lastTime) {
      return;
    }
    this.lastTime = bar.time;
    this.series.update({ time: bar.time, open: bar.open, high: bar.high, low: bar.low, close: bar.close });
    this.volume.update({ time: bar.time, value: bar.volume, color: bar.close >= bar.open ? UP + '80' : DOWN + '80' });
    this.times.add(bar.time);
    this.element.dataset.bars = String(this.times.size);
    this.element.dataset.lastClose = String(bar.close);
  }
}
