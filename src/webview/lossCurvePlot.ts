import { h, svg } from "./dom";
import { formatNumber } from "./format";

/*
 * The curve of figure 1 of Lin et al., "Focal Loss for Dense Object Detection" (ICCV 2017):
 * FL(p_t) = -(1 - p_t)^gamma log(p_t) on p_t in (0, 1], without alpha, for the paper's gammas.
 * Colours come from CSS classes that read VS Code's theme variables. Each curve also has its
 * own dash pattern, so the plot reads without colour too.
 */

export const PAPER_GAMMAS = [0, 0.5, 1, 2, 5];
const WIDTH = 520;
const HEIGHT = 320;
const MARGIN = { left: 52, right: 16, top: 16, bottom: 48 };
const MAX_LOSS = 5;
const DASHES = ["", "8 4", "2 3", "10 3 2 3", "5 5", "1 2"];
const TABLE_PROBABILITIES = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99];

/** FL(p_t) with alpha 1, as the paper's figure draws it. */
export function focalLossAt(pt: number, gamma: number): number {
  return -Math.pow(1 - pt, gamma) * Math.log(pt);
}

const x = (pt: number) => MARGIN.left + pt * (WIDTH - MARGIN.left - MARGIN.right);
const y = (loss: number) =>
  HEIGHT - MARGIN.bottom - (loss / MAX_LOSS) * (HEIGHT - MARGIN.top - MARGIN.bottom);

/** Returns the SVG path of one curve, from where it enters the plot (loss <= 5) to p_t = 1. */
function curvePath(gamma: number): string {
  const points: string[] = [];
  const steps = 400;
  for (let i = 1; i <= steps; i++) {
    const pt = i / steps;
    const loss = focalLossAt(pt, gamma);
    if (loss <= MAX_LOSS) {
      points.push(`${x(pt).toFixed(1)},${y(loss).toFixed(1)}`);
    }
  }
  return `M${points.join("L")}`;
}

function axes(): SVGGElement {
  const ticks: SVGElement[] = [];
  for (let i = 0; i <= 5; i++) {
    const pt = i / 5;
    ticks.push(svg("line", { class: "grid", x1: x(pt), x2: x(pt), y1: y(0), y2: y(MAX_LOSS) }));
    ticks.push(
      svg("text", { class: "tick", x: x(pt), y: y(0) + 16, "text-anchor": "middle" }, [
        pt.toFixed(1),
      ]),
    );
  }
  for (let loss = 0; loss <= MAX_LOSS; loss++) {
    ticks.push(svg("line", { class: "grid", x1: x(0), x2: x(1), y1: y(loss), y2: y(loss) }));
    ticks.push(
      svg("text", { class: "tick", x: x(0) - 8, y: y(loss) + 4, "text-anchor": "end" }, [
        String(loss),
      ]),
    );
  }
  return svg("g", { "aria-hidden": "true" }, [
    ...ticks,
    svg("line", { class: "axis", x1: x(0), x2: x(1), y1: y(0), y2: y(0) }),
    svg("line", { class: "axis", x1: x(0), x2: x(0), y1: y(0), y2: y(MAX_LOSS) }),
    svg("text", { class: "axis-label", x: x(0.5), y: HEIGHT - 8, "text-anchor": "middle" }, [
      "probability of the ground-truth class, p_t",
    ]),
    svg(
      "text",
      {
        class: "axis-label",
        transform: `translate(14 ${y(MAX_LOSS / 2)}) rotate(-90)`,
        "text-anchor": "middle",
      },
      ["loss"],
    ),
  ]);
}

/**
 * Renders the figure: the SVG with a title and description for screen readers, a legend, and
 * the plotted values as a table. `chosenGamma` is drawn thicker and named in the legend; a
 * gamma outside the paper's set gets its own curve.
 */
export function renderLossCurvePlot(chosenGamma: number): HTMLElement {
  const gammas =
    PAPER_GAMMAS.includes(chosenGamma) || !(chosenGamma >= 0)
      ? PAPER_GAMMAS
      : [...PAPER_GAMMAS, chosenGamma];
  const curves = gammas.map((gamma, index) =>
    svg("path", {
      class: `curve curve-${index}${gamma === chosenGamma ? " chosen" : ""}`,
      d: curvePath(gamma),
      "stroke-dasharray": gamma === chosenGamma ? "" : DASHES[index],
      "data-gamma": gamma,
    }),
  );
  const legend = h(
    "ul",
    { class: "legend", "aria-hidden": "true" },
    gammas.map((gamma, index) =>
      h("li", {}, [
        svg("svg", { width: 28, height: 10, viewBox: "0 0 28 10" }, [
          svg("line", {
            class: `curve curve-${index}${gamma === chosenGamma ? " chosen" : ""}`,
            x1: 0,
            x2: 28,
            y1: 5,
            y2: 5,
            "stroke-dasharray": gamma === chosenGamma ? "" : DASHES[index],
          }),
        ]),
        `γ = ${gamma}${gamma === chosenGamma ? " (chosen)" : ""}`,
      ]),
    ),
  );

  const description =
    `FL(p_t) = −(1 − p_t)^γ log p_t for γ = ${gammas.join(", ")}, with γ = ${chosenGamma} ` +
    "highlighted. γ = 0 is cross-entropy. A larger γ lowers the loss of well-classified " +
    `examples (p_t above 0.5) much more than that of misclassified ones: at p_t = 0.9 the loss ` +
    `is ${formatNumber(focalLossAt(0.9, 0))} for γ = 0 and ${formatNumber(focalLossAt(0.9, 2))} for γ = 2.`;
  const plot = svg(
    "svg",
    {
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      role: "img",
      "aria-labelledby": "plot-title plot-description",
      class: "plot",
    },
    [
      svg("title", { id: "plot-title" }, ["Focal loss against p_t"]),
      svg("desc", { id: "plot-description" }, [description]),
      axes(),
      ...curves,
    ],
  );

  return h("figure", { class: "plot-figure" }, [
    plot,
    legend,
    h("figcaption", {}, [
      "FL(p_t) = −(1 − p_t)^γ log p_t, as in figure 1 of Lin et al., Focal Loss for Dense Object Detection (2017).",
    ]),
    h("details", {}, [h("summary", {}, ["Plotted values"]), valuesTable(gammas)]),
  ]);
}

function valuesTable(gammas: readonly number[]): HTMLTableElement {
  return h("table", { "data-testid": "plot-values" }, [
    h("caption", {}, ["Focal loss at selected p_t"]),
    h("thead", {}, [
      h("tr", {}, [
        h("th", { scope: "col" }, ["p_t"]),
        ...gammas.map((gamma) => h("th", { scope: "col" }, [`γ = ${gamma}`])),
      ]),
    ]),
    h(
      "tbody",
      {},
      TABLE_PROBABILITIES.map((pt) =>
        h("tr", {}, [
          h("th", { scope: "row" }, [String(pt)]),
          ...gammas.map((gamma) =>
            h("td", { class: "number" }, [formatNumber(focalLossAt(pt, gamma))]),
          ),
        ]),
      ),
    ),
  ]);
}
