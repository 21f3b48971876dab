import type { ImplementationTemplate } from "../../server/src/fixes/python/implementationTemplate";
import { choice, escapeSnippetText, placeholder, type Snippet } from "./snippetSyntax";

const ALPHAS = ["None", "0.25", "[0.25, 0.75]"];
const GAMMAS = ["2.0", "0.5", "1.0", "5.0", "0.0"];
const REDUCTIONS = ['"mean"', '"sum"', '"none"'];
/** A training step calls loss.backward() and loss.item(), which need a scalar, so no "none". */
const TRAINING_REDUCTIONS = ['"mean"', '"sum"'];

/** The template's imports and the named definitions with what they use, as snippet lines. */
function implementationLines(template: ImplementationTemplate, names: string[]): string[] {
  const definitions = template.definitionsFor(names);
  const imports = template.importsFor(definitions).map((item) => item.line);
  const code = [imports.join("\n"), ...definitions.map((definition) => definition.text)].join(
    "\n\n\n",
  );
  return escapeSnippetText(code).split("\n");
}

/**
 * Builds the Python snippets from the same template the quick fixes insert, so the two cannot
 * drift: the class, the sigmoid function, and a training step that uses the class.
 */
export function buildPythonSnippets(template: ImplementationTemplate): Record<string, Snippet> {
  const construction = (reductions: string[]) =>
    `criterion = FocalLoss(alpha=${choice(1, ALPHAS)}, gamma=${choice(2, GAMMAS)}, ` +
    `reduction=${choice(3, reductions)})`;
  return {
    "Focal loss module": {
      prefix: ["focalloss", "FocalLoss"],
      description:
        "A tested softmax FocalLoss(nn.Module): per-class alpha, ignore_index, soft targets, " +
        "finite gradients for every gamma >= 0.",
      body: [
        ...implementationLines(template, ["FocalLoss"]),
        "",
        "",
        `${construction(REDUCTIONS)}$0`,
      ],
    },
    "Sigmoid focal loss function": {
      prefix: ["sigmoidfocal", "sigmoid_focal_loss"],
      description:
        "sigmoid_focal_loss with torchvision's semantics and finite gradients for 0 < gamma < 1.",
      body: [
        ...implementationLines(template, ["sigmoid_focal_loss"]),
        "",
        "",
        `loss = sigmoid_focal_loss(${placeholder(1, "logits")}, ${placeholder(2, "targets")}, ` +
          `alpha=${choice(3, ["0.25", "-1"])}, gamma=${choice(4, GAMMAS)}, ` +
          `reduction=${choice(5, REDUCTIONS)})$0`,
      ],
    },
    "Focal loss training step": {
      prefix: ["focaltrain"],
      description:
        'A training step with the tested FocalLoss module, reducing by "mean" or "sum" because ' +
        "loss.backward() needs a scalar.",
      body: [
        ...implementationLines(template, ["FocalLoss"]),
        "",
        "",
        construction(TRAINING_REDUCTIONS),
        "",
        "",
        `def train_step(model, optimizer, ${placeholder(4, "inputs")}, ${placeholder(5, "targets")}):`,
        "    optimizer.zero_grad()",
        "    loss = criterion(model($4), $5)",
        "    loss.backward()",
        "    optimizer.step()",
        "    return loss.item()$0",
      ],
    },
  };
}
