import { useState } from 'react';
import { Empty, Typography } from 'antd';
import dayjs from 'dayjs';
import { useT } from '../../i18n';
import { fmtDuration, fmtInt } from '../../lib/format';

export interface SizePoint {
  at: string;
  memberCount: number;
  entered: number;
  exited: number;
  durationMs: number;
  slow: boolean;
}

/** The size of a segment over time (one point per refresh), with entered/exited on hover. */
export function SizeChart({ points, height = 220 }: { points: SizePoint[]; height?: number }) {
  const t = useT();
  const [hover, setHover] = useState<number | null>(null);
  if (!points.length) return <Empty description={t('segment.noHistory')} image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  const width = 760;
  const pad = { l: 56, r: 16, t: 12, b: 28 };
  const w = width - pad.l - pad.r;
  const h = height - pad.t - pad.b;
  const max = Math.max(1, ...points.map((p) => p.memberCount));
  const niceMax = Math.ceil(max / 4 / Math.pow(10, Math.floor(Math.log10(max / 4 || 1)))) * Math.pow(10, Math.floor(Math.log10(max / 4 || 1))) * 4 || 1;
  const x = (i: number) => pad.l + (points.length === 1 ? w / 2 : (i / (points.length - 1)) * w);
  const y = (v: number) => pad.t + h - (v / niceMax) * h;
  const line = points.map((p, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.memberCount).toFixed(1)}`).join(' ');
  const area = `${line} L${x(points.length - 1).toFixed(1)},${pad.t + h} L${x(0).toFixed(1)},${pad.t + h} Z`;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => Math.round(niceMax * f));
  const labelEvery = Math.max(1, Math.ceil(points.length / 8));
  const hp = hover !== null ? points[hover] : null;
  // within a few days, say the time too: several refreshes a day are common while building
  const short = dayjs(points[points.length - 1].at).diff(dayjs(points[0].at), 'day') < 3;
  const tickFormat = short ? 'MM-DD HH:mm' : 'MM-DD';

  return (
    <div style={{ position: 'relative' }} className="size-chart" data-testid="size-chart">
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={t('segment.sizeHistory')}>
        <g className="axis">
          {ticks.map((v) => (
            <g key={v}>
              <line x1={pad.l} x2={width - pad.r} y1={y(v)} y2={y(v)} stroke="#f0f0f0" />
              <text x={pad.l - 8} y={y(v) + 4} textAnchor="end">
                {fmtInt(v)}
              </text>
            </g>
          ))}
          {points.map((p, i) =>
            i % labelEvery === 0 || i === points.length - 1 ? (
              <text key={i} x={x(i)} y={height - 8} textAnchor="middle">
                {dayjs(p.at).format(tickFormat)}
              </text>
            ) : null,
          )}
        </g>
        <path d={area} fill="rgba(22,119,255,0.10)" />
        <path d={line} fill="none" stroke="#1677ff" strokeWidth={2} />
        {points.map((p, i) => (
          <g key={i} onMouseEnter={() => setHover(i)} onMouseLeave={() => setHover(null)}>
            <rect x={x(i) - w / points.length / 2} y={pad.t} width={Math.max(6, w / points.length)} height={h} fill="transparent" />
            <circle cx={x(i)} cy={y(p.memberCount)} r={hover === i ? 5 : 3} fill="#fff" stroke="#1677ff" strokeWidth={2} />
          </g>
        ))}
      </svg>
      {hp && (
        <div style={{ position: 'absolute', top: 8, right: 16, background: '#fff', border: '1px solid #f0f0f0', borderRadius: 6, padding: '6px 10px', boxShadow: '0 2px 8px rgba(0,0,0,.08)', fontSize: 12 }}>
          <Typography.Text strong>{dayjs(hp.at).format('YYYY-MM-DD HH:mm')}</Typography.Text>
          <div>{t('segment.historyCount', { count: fmtInt(hp.memberCount) })}</div>
          <div style={{ color: '#389e0d' }}>{t('segment.historyEntered', { count: fmtInt(hp.entered) })}</div>
          <div style={{ color: '#cf1322' }}>{t('segment.historyExited', { count: fmtInt(hp.exited) })}</div>
          <div style={{ color: hp.slow ? '#d46b08' : '#8c8c8c' }}>{t('segment.historyTook', { took: fmtDuration(hp.durationMs) })}</div>
        </div>
      )}
    </div>
  );
}
