import {describe, expect, it} from 'vitest';

import {packageUrl, versionsFromTags} from '../../src/model/package-url.js';
import {deserializeProfile, serializeProfile} from '../../src/model/profile-file.js';
import {hashedIndex, profileIndexFromProfiles, RECOMMENDS_EDGE, withExtras, withRecordCalibration, type ProfileExtras} from '../../src/model/profile.js';
import {assignRoles} from '../../src/model/roles.js';

/** A graph over labels 0..n-1 from `from -> [to]` (a `r` suffix marks a Recommends edge). */
function graph(n: number, edges: Record<number, (number | `${number}r`)[]>): ProfileExtras {
  const depStart = new Uint32Array(n + 1);
  const deps: number[] = [];
  for (let i = 0; i < n; i++) {
    for (const e of edges[i] ?? []) deps.push(typeof e === 'number' ? e : (Number(e.slice(0, -1)) | RECOMMENDS_EDGE) >>> 0);
    depStart[i + 1] = deps.length;
  }
  return {recordWeight: 0, missingRecordWeight: 0, depStart, deps: Uint32Array.from(deps), flags: new Uint8Array(n)};
}

describe('roles', () => {
  it('names the package nothing else pulled in as requested, first, whatever the scores', () => {
    // 0 = a tool, 1 and 2 its libraries, 3 a library of 1.
    const g = graph(4, {0: [1, 2], 1: [3]});
    const out = assignRoles(
      [
        {index: 3, score: 0.99},
        {index: 1, score: 0.98},
        {index: 0, score: 0.6},
        {index: 2, score: 0.9},
      ],
      g,
    );
    // Dependencies follow, best score first.
    expect(out.map((o) => [o.index, o.role])).toEqual([
      [0, 'requested'],
      [3, 'dependency'],
      [1, 'dependency'],
      [2, 'dependency'],
    ]);
    expect(out[0].pulls).toBe(3);
    expect(out.find((o) => o.index === 3)!.pulledBy).toEqual([1]);
  });

  it('orders several requested packages by what they pulled in, then by score', () => {
    const g = graph(5, {0: [1], 2: [3, 4]});
    const out = assignRoles([0, 1, 2, 3, 4].map((index) => ({index, score: index === 0 ? 0.99 : 0.8})), g);
    expect(out.filter((o) => o.role === 'requested').map((o) => o.index)).toEqual([2, 0]);
  });

  it('counts Recommends edges (apt installs them by default)', () => {
    const out = assignRoles([{index: 0, score: 0.9}, {index: 1, score: 0.95}], graph(2, {0: ['1r']}));
    expect(out.map((o) => o.role)).toEqual(['requested', 'dependency']);
  });

  it('gives a dependency cycle nothing else pulls in one requested member', () => {
    // perl (0) <-> perl-modules (1), perl -> libperl (2).
    const out = assignRoles([{index: 1, score: 0.99}, {index: 0, score: 0.9}, {index: 2, score: 0.95}], graph(3, {0: [1, 2], 1: [0]}));
    expect(out[0]).toMatchObject({index: 0, role: 'requested'});
    expect(out.filter((o) => o.role === 'requested')).toHaveLength(1);
  });

  it('leaves labels without edges among the present ones requested', () => {
    const out = assignRoles([{index: 1, score: 0.5}, {index: 0, score: 0.7}], graph(3, {0: [2]}));
    expect(out.map((o) => [o.index, o.role])).toEqual([
      [0, 'requested'],
      [1, 'requested'],
    ]);
  });
});

describe('package URLs', () => {
  it('takes versions only from apt archive tags', () => {
    const v = versionsFromTags(['jq_1.6-2.1+deb12u3_amd64.de', 'jq_1.6-2.1+deb12u3_amd64.d', 'libc6_2.36-9_amd64', 'tzdata_2024a-0+deb12u1_all.de', 'vim_2%3a9.0.1378-2_amd64.de']);
    expect([...v]).toEqual([
      ['jq\0amd64', '1.6-2.1+deb12u3'],
      ['tzdata\0all', '2024a-0+deb12u1'],
      ['vim\0amd64', '2:9.0.1378-2'],
    ]);
  });

  it('writes purl-spec package URLs', () => {
    const base = {type: 'deb', namespace: 'debian', distro: 'debian-12'};
    expect(packageUrl(base, 'libstdc++6', 'amd64')).toBe('pkg:deb/debian/libstdc%2B%2B6?arch=amd64&distro=debian-12');
    expect(packageUrl(base, 'vim', 'amd64', '2:9.0.1378-2')).toBe('pkg:deb/debian/vim@2%3A9.0.1378-2?arch=amd64&distro=debian-12');
  });
});

describe('dpkg records and the extras file section', () => {
  const labels = ['alpha', 'beta-tool', 'libgamma1'];
  const raw = profileIndexFromProfiles(
    new Map([
      ['alpha', ['alp', 'alph']],
      ['beta-tool', ['bet', 'beta-t']],
      ['libgamma1', ['libgam', 'libgamm']],
    ]),
    {minFraction: 1},
  );
  const extras = graph(3, {1: [2]});
  extras.flags[0] = 1;
  const held = [
    {tags: ['alp', 'alph', 'alpha.lis'], labels: ['alpha']},
    {tags: ['bet', 'beta-t', 'beta-tool.lis', 'libgam', 'libgamm', 'libgamma1amd64.lis'], labels: ['beta-tool', 'libgamma1']},
    {tags: ['libgam', 'libgamma1amd64.md5sum'], labels: ['libgamma1']},
    {tags: ['alp'], labels: []},
    {tags: ['bet'], labels: []},
    {tags: ['alp', 'alph', 'bet', 'beta-t', 'beta-tool.lis'], labels: ['alpha', 'beta-tool']},
    // Records without the files (a partial capture), and files of packages that were not installed.
    {tags: ['libgamma1amd64.lis'], labels: ['libgamma1']},
    {tags: ['alpha.lis', 'alp'], labels: ['alpha']},
    {tags: ['beta-tool.md5sum'], labels: ['beta-tool']},
    {tags: ['alp', 'alph', 'libgam'], labels: []},
    {tags: ['bet', 'beta-t', 'libgamm'], labels: []},
  ];
  const index = withRecordCalibration(withExtras(raw, extras), held);

  it('reads dpkg records from tags, with and without the architecture', () => {
    expect([...index.recordedLabels(['alpha.lis', 'libgamma1amd64.md5sum', 'nothing.lis', 'beta-tool.li'])].map((i) => labels[i]).sort()).toEqual(['alpha', 'libgamma1']);
  });

  it('scores a package whose dpkg record is present even when its files are not', () => {
    const s = index.scores(['libgamma1amd64.lis']);
    expect(s[0]).toMatchObject({label: 'libgamma1', coverage: 0, record: true});
    expect(index.extras!.recordWeight).toBeGreaterThan(0);
    expect(s[0].score).toBeGreaterThan(index.scores(['libgam'])[0].score);
  });

  it('round-trips the graph, weights and architecture flags (praxi-profile/3) and refuses damage', () => {
    const compact = hashedIndex(index);
    const bytes = serializeProfile(compact);
    expect(bytes.readUInt32LE(8)).toBe(3);
    const back = deserializeProfile(bytes, 'x.profile');
    expect(back.extras!.recordWeight).toBe(index.extras!.recordWeight);
    expect([...back.extras!.depStart]).toEqual([...extras.depStart]);
    expect([...back.extras!.deps]).toEqual([...extras.deps]);
    expect([...back.extras!.flags]).toEqual([1, 0, 0]);
    expect(back.scores(['bet', 'beta-t', 'beta-tool.lis'])).toEqual(compact.scores(['bet', 'beta-t', 'beta-tool.lis']));
    // A file that matched its manifest's checksum loads the same without the whole-file checks.
    expect(deserializeProfile(bytes, 'x.profile', {verified: true}).scores(['alp', 'alph', 'alpha.lis'])).toEqual(compact.scores(['alp', 'alph', 'alpha.lis']));
    const bad = Buffer.from(bytes);
    // From the end: the norms (3 × 8 bytes), flags (3 bytes, padded to 8), then the edges (padded to 8).
    const depsAt = bytes.length - 24 - 8 - Math.ceil((4 * extras.deps.length) / 8) * 8;
    bad.writeUInt32LE(99, depsAt);
    expect(() => deserializeProfile(bad, 'bad.profile')).toThrow(/PROFILE_CORRUPT|not a valid praxi profile index/);
    expect(() => deserializeProfile(bytes.subarray(0, bytes.length - 8), 'short.profile')).toThrow(/not a valid praxi profile index/);
  });
});
