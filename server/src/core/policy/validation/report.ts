// Collects findings for one object. Validation errors are deduplicated by
// message, as field.ErrorList.ToAggregate() does; decoding findings are not
// (the same message on two nodes names two mistakes).
import { finding, Finding, OffsetRange, Severity } from '../../findings';

export class Report {
  readonly findings: Finding[] = [];
  private readonly messages = new Set<string>();

  constructor(private readonly dedupe: boolean) {}

  add(ruleId: string, severity: Severity, message: string, range: OffsetRange): void {
    if (this.dedupe && this.messages.has(message)) return;
    this.messages.add(message);
    this.findings.push(finding(ruleId, severity, message, range));
  }

  error(ruleId: string, message: string, range: OffsetRange): void {
    this.add(ruleId, 'error', message, range);
  }

  warning(ruleId: string, message: string, range: OffsetRange): void {
    this.add(ruleId, 'warning', message, range);
  }
}
