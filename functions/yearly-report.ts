// Lambda entry point: wired in a later step of this change.
export const handler = async (): Promise<never> => {
  throw new Error('yearly-report: not wired yet');
};
