// One input of several steps (sign-in, Add Connection): a step counter, Back to the step before with
// its answer kept, placeholders, and a check on each answer before it is accepted.
import vscode = require('vscode');

/** A box to type into. */
export interface TextQuestion {
  kind?: 'text';
  title: string;
  prompt: string;
  placeholder: string;
  value?: string;
  password?: boolean;
  /** Kept as typed, spaces at its ends included: they may be part of a password. Other answers are trimmed. */
  asTyped?: boolean;
  /** Why the value cannot be accepted; undefined when it can. */
  problem(value: string): string | undefined;
}

/** A choice among a few; the answer is the chosen option's value. */
export interface PickQuestion {
  kind: 'pick';
  title: string;
  placeholder: string;
  options: readonly { label: string; description?: string; value: string }[];
  value?: string;
}

export type Question = TextQuestion | PickQuestion;

type Position = { step?: { number: number; of: number } };
type Answer = { kind: 'accepted'; value: string } | { kind: 'back' } | { kind: 'cancelled' };

function stepOf(input: vscode.QuickInput & { buttons: readonly vscode.QuickInputButton[] }, position: Position): void {
  input.step = position.step?.number;
  input.totalSteps = position.step?.of;
  input.ignoreFocusOut = true;
  input.buttons = (position.step?.number ?? 1) > 1 ? [vscode.QuickInputButtons.Back] : [];
}

function askText(question: TextQuestion & Position): Promise<Answer> {
  const box = vscode.window.createInputBox();
  box.title = question.title;
  box.prompt = question.prompt;
  box.placeholder = question.placeholder;
  box.value = question.value ?? '';
  box.password = question.password ?? false;
  stepOf(box, question);
  return new Promise<Answer>((resolve) => {
    box.onDidChangeValue((value) => {
      box.validationMessage = question.problem(value);
    });
    box.onDidAccept(() => {
      box.validationMessage = question.problem(box.value);
      if (box.validationMessage === undefined) resolve({ kind: 'accepted', value: box.value });
    });
    box.onDidTriggerButton((button) => {
      if (button === vscode.QuickInputButtons.Back) resolve({ kind: 'back' });
    });
    // Escape, or the dispose below once answered: only the first answer counts.
    box.onDidHide(() => resolve({ kind: 'cancelled' }));
    box.show();
  }).finally(() => box.dispose());
}

function askPick(question: PickQuestion & Position): Promise<Answer> {
  const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { value: string }>();
  pick.title = question.title;
  pick.placeholder = question.placeholder;
  pick.items = question.options.map((option) => ({ label: option.label, value: option.value, ...(option.description ? { description: option.description } : {}) }));
  const current = pick.items.find((item) => item.value === question.value);
  if (current) pick.activeItems = [current];
  stepOf(pick, question);
  return new Promise<Answer>((resolve) => {
    pick.onDidAccept(() => {
      const [chosen] = pick.selectedItems;
      if (chosen) resolve({ kind: 'accepted', value: chosen.value });
    });
    pick.onDidTriggerButton((button) => {
      if (button === vscode.QuickInputButtons.Back) resolve({ kind: 'back' });
    });
    pick.onDidHide(() => resolve({ kind: 'cancelled' }));
    pick.show();
  }).finally(() => pick.dispose());
}

function askQuestion(question: Question & Position): Promise<Answer> {
  return question.kind === 'pick' ? askPick(question) : askText(question);
}

/** One question on its own, without a step counter; undefined when the person cancels. */
export async function askOne(question: Question): Promise<string | undefined> {
  const answer = await askQuestion(question);
  if (answer.kind !== 'accepted') return undefined;
  return question.kind === 'pick' || question.asTyped ? answer.value : answer.value.trim();
}

/** A step, given what the steps before it were answered. */
export type Step = (answers: readonly string[]) => Question;

/** Runs once the answer at `afterStep` is given, and again only when what it is about changed; false ends the input. */
export interface Confirmation {
  afterStep: number;
  /** What the confirmation is about (a destination), out of the answers. */
  about(answers: readonly string[]): string;
  confirm(answers: readonly string[]): Promise<boolean>;
}

/**
 * Asks the steps in turn; Back returns to the step before with its answer kept (a secret is typed
 * again). The steps are asked for anew after each answer, so a choice can change the steps after it.
 * Undefined when the person cancels.
 */
export async function askSteps(stepsFor: (answers: readonly string[]) => readonly Step[], confirmation?: Confirmation): Promise<string[] | undefined> {
  const answers: string[] = [];
  let confirmedAnswers: string | undefined;
  let index = 0;
  let steps = stepsFor(answers);
  for (; index < steps.length; steps = stepsFor(answers)) {
    const question = steps[index](answers);
    const kept = question.kind !== 'pick' && question.password ? undefined : answers[index];
    const answer = await askQuestion({ ...question, step: { number: index + 1, of: steps.length }, ...(kept === undefined ? {} : { value: kept }) });
    if (answer.kind === 'cancelled') return undefined;
    if (answer.kind === 'back') {
      index -= 1;
      continue;
    }
    answers[index] = question.kind === 'pick' || question.asTyped ? answer.value : answer.value.trim();
    const confirmedFor = confirmation?.about(answers);
    if (confirmation?.afterStep === index && confirmedAnswers !== confirmedFor) {
      if (!(await confirmation.confirm(answers))) return undefined;
      confirmedAnswers = confirmedFor;
    }
    index += 1;
  }
  // Answers of steps a later choice took away (Back, then another sign-in method) are not the person's answer.
  return answers.slice(0, steps.length);
}
