// Without Java, npm start must say what is missing and how to get it.
import { afterEach, describe, expect, it } from 'vitest';
import { checkJava, dynamoLocalArgs, JavaMissingError } from '../../scripts/lib/dynamo-local';

const savedPath = process.env.PATH;
afterEach(() => {
  process.env.PATH = savedPath;
});

describe('checkJava', () => {
  it('names the missing java and how to install it, or how to do without it', () => {
    process.env.PATH = '/nonexistent';
    const error = (() => {
      try {
        checkJava();
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(JavaMissingError);
    expect((error as Error).message).toMatch(/Java 17 or newer/);
    expect((error as Error).message).toMatch(/apt-get install -y openjdk-17-jre-headless/);
    expect((error as Error).message).toMatch(/DYNAMODB_ENDPOINT=/);
  });

  it('accepts the java on this machine', () => {
    expect(() => checkJava()).not.toThrow();
  });
});

describe('dynamoLocalArgs', () => {
  it('gives the JVM a 512m heap unless asked for more, as the soak asks for 2g', () => {
    expect(dynamoLocalArgs('/jar', 8000, undefined)).toContain('-Xmx512m');
    const soak = dynamoLocalArgs('/jar', 8000, undefined, '2g');
    expect(soak).toContain('-Xmx2g');
    expect(soak).not.toContain('-Xmx512m');
  });
});
