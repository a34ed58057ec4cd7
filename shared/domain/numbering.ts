// Section and measure numbers: "2" is a section, "2.1" a measure in it.
// They sort in natural order ("2.9" before "2.10"), as the plan prints them.

// Bounded: at most six parts of six digits, so natural sort keys and stream ids stay short.
export const SECTION_NUMBER = /^[1-9]\d{0,5}$/;
export const MEASURE_NUMBER = /^[1-9]\d{0,5}(\.[1-9]\d{0,5}){1,5}$/;

/** True when the measure number sits under the section: "2.1" and "2.1.3" under "2", not "12.1". */
export function belongsToSection(measureNumber: string, sectionNumber: string): boolean {
  return measureNumber.startsWith(`${sectionNumber}.`);
}

/** Natural order of dotted numbers: negative when a comes first. */
export function compareNumbers(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? -1) - (right[i] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
}
