// What importing a Word report would change (or changed), for people and programs:
// the plan, new executors and facts, sections, measures, new entries and those present.

export interface DocxChanges {
  plan: { planId: string; status: 'new' | 'present' };
  executors: { new: Array<{ executorId: string; name: string }>; facts: string[] };
  sections: { new: string[]; present: string[] };
  measures: { new: string[]; present: string[] };
  entries: {
    new: Array<{ measure: string; reportId: string; period: string; excerpt: string }>;
    present: Array<{ measure: string; reportId: string; excerpt: string }>;
  };
}
