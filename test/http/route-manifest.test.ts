// The manifest the app routes and gates by before it loads an area is what the areas declare.
import { describe, expect, it } from 'vitest';
import { declaredManifest } from '../../scripts/route-manifest';
import { ROUTE_MANIFEST } from '../../shared/http/route-manifest';

describe('route manifest', () => {
  it('lists every route the areas declare, in mount order (else: npx tsx scripts/route-manifest.ts)', async () => {
    expect(ROUTE_MANIFEST).toEqual(await declaredManifest());
  });
});
