// Labels from a layer's `created_by` (the Dockerfile command that made it), for `praxi train` on
// images. Deliberately conservative: a label is returned only for package-manager installs whose
// package names are literally in the command; anything unsure gives undefined, never a guess.
// The rules are listed in docs/images.md ("Labels from history").

interface Tool {
  /** Sub-commands that install (`install`, `add`). */
  verbs: ReadonlySet<string>;
  /** Options that take a separate value (`-o X`), which must not be read as a package. */
  valued: ReadonlySet<string>;
  /** Turns one package argument into a label, or undefined to skip it. */
  label: (arg: string) => string | undefined;
}

/** `name=version` → `name==version` (apt, apk pin with `=`). */
function pinnedWithEquals(arg: string): string | undefined {
  const m = /^([a-z0-9][a-z0-9+.\-_:]*?)(?:=(.+))?$/i.exec(arg);
  if (!m) return undefined;
  return m[2] !== undefined ? `${m[1]}==${m[2]}` : m[1];
}

/** pip requirement: `x==1` kept, other specifiers and extras dropped (`x[a]>=1` → `x`). */
function pipRequirement(arg: string): string | undefined {
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?(?:(==)([A-Za-z0-9._+!-]+)|(?:[<>=!~]=?|===)[^;]*)?$/.exec(arg);
  if (!m) return undefined;
  return m[3] ? `${m[1]}==${m[4]}` : m[1];
}

function plainName(arg: string): string | undefined {
  return /^[A-Za-z0-9][A-Za-z0-9+.\-_:]*$/.test(arg) ? arg : undefined;
}

const APT: Tool = {
  verbs: new Set(['install']),
  valued: new Set(['-o', '--option', '-t', '--target-release', '--default-release', '-c', '--config-file', '-a', '--host-architecture']),
  label: (a) => (a.endsWith('.deb') ? undefined : pinnedWithEquals(a)),
};
const APK: Tool = {
  verbs: new Set(['add']),
  valued: new Set(['-t', '--virtual', '-X', '--repository', '-p', '--root', '--arch', '--cache-dir', '--keys-dir', '--repositories-file']),
  label: (a) => (a.endsWith('.apk') ? undefined : pinnedWithEquals(a.replace(/~.*$/, ''))),
};
const DNF: Tool = {
  verbs: new Set(['install']),
  valued: new Set(['--setopt', '--enablerepo', '--disablerepo', '--repo', '--releasever', '--installroot', '-c', '--config', '-x', '--exclude', '--repofrompath']),
  label: (a) => (a.endsWith('.rpm') || a.startsWith('@') ? undefined : plainName(a)),
};
const PIP: Tool = {
  verbs: new Set(['install']),
  valued: new Set(['-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url',
    '-f', '--find-links', '--trusted-host', '-t', '--target', '--prefix', '--root', '--platform', '--python-version',
    '--implementation', '--abi', '--src', '--cache-dir', '--log', '--proxy', '--retries', '--timeout', '--progress-bar',
    '--upgrade-strategy', '--only-binary', '--no-binary', '--global-option', '--config-settings', '-C']),
  label: (a) => (/[/\\]|\.(whl|tar\.gz|zip)$/.test(a) ? undefined : pipRequirement(a)),
};

const TOOLS: Record<string, Tool> = {
  'apt-get': APT, apt: APT, aptitude: APT,
  apk: APK,
  dnf: DNF, yum: DNF, microdnf: DNF, tdnf: DNF,
  pip: PIP, pip3: PIP,
};

/** The shell command inside a `created_by` string, or undefined for metadata-only layers. */
function shellCommand(createdBy: string): string | undefined {
  let s = createdBy.trim();
  s = s.replace(/^RUN\s+/, ''); // BuildKit: "RUN /bin/sh -c ... # buildkit"
  s = s.replace(/\s*# buildkit$/, '');
  s = s.replace(/^\|\d+(?:\s+[A-Za-z_][A-Za-z0-9_]*=\S*)*\s+/, ''); // build args: "|2 A=1 B=2 /bin/sh -c ..."
  const m = /^(?:\/(?:usr\/)?bin\/)?(?:ba|da)?sh\s+(?:-[a-z]+\s+(?:pipefail\s+)?)*-c\s+([\s\S]*)$/.exec(s);
  if (m) s = m[1]!;
  if (s.startsWith('#(nop)')) return undefined; // ENV, LABEL, CMD, ... (legacy builder)
  return s;
}

/** Splits on `&&`, `||`, `;`, `|`, newlines; joins backslash-newline continuations. */
function segments(cmd: string): string[] {
  return cmd.replace(/\\\r?\n/g, ' ').split(/&&|\|\||;|\||\n/);
}

/** Whitespace words with simple quotes removed; a word with a variable or substitution becomes undefined. */
function words(segment: string): Array<string | undefined> {
  const out: Array<string | undefined> = [];
  for (const w of segment.trim().split(/\s+/)) {
    if (w === '') continue;
    const quoted = /^(['"])(.*)\1$/.exec(w);
    // Quoted words may hold `<`/`>` (pip specifiers); unquoted, those are redirections and globs.
    if (quoted ? /[$`]/.test(quoted[2]!) : /[$`()*?{}<>]/.test(w)) {
      out.push(undefined);
      continue;
    }
    out.push(quoted ? quoted[2]! : w);
  }
  return out;
}

function labelsOfSegment(segment: string): string[] | undefined {
  let ws = words(segment);
  // Leading environment assignments, sudo/env wrappers.
  while (ws.length > 0 && ws[0] !== undefined && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(ws[0]) || ws[0] === 'sudo' || ws[0] === 'env')) ws = ws.slice(1);
  if (ws.length === 0 || ws[0] === undefined) return undefined;
  let name = ws[0].replace(/^.*\//, ''); // /usr/bin/apt-get → apt-get
  let rest = ws.slice(1);
  if (/^python[0-9.]*$/.test(name) && rest[0] === '-m' && (rest[1] === 'pip' || rest[1] === 'pip3')) {
    name = 'pip';
    rest = rest.slice(2);
  }
  if (/^pip[0-9.]+$/.test(name)) name = 'pip';
  const tool = TOOLS[name];
  if (!tool) return undefined;
  // Options may come before the verb (`apt-get -y install`).
  let i = 0;
  while (i < rest.length && rest[i] !== undefined && rest[i]!.startsWith('-')) i += tool.valued.has(rest[i]!) ? 2 : 1;
  if (i >= rest.length || rest[i] === undefined || !tool.verbs.has(rest[i]!)) return undefined;
  const labels: string[] = [];
  for (i++; i < rest.length; i++) {
    const w = rest[i];
    if (w === undefined) continue; // a variable or substitution: its value is unknown
    if (w.startsWith('-')) {
      if (tool.valued.has(w)) i++;
      continue;
    }
    const l = tool.label(w);
    if (l !== undefined) labels.push(l);
  }
  return labels;
}

/**
 * The packages a layer's `created_by` installs, in command order, deduplicated; undefined when the
 * command is not confidently a package install (no install command, or no literal package names).
 * Pinned versions become `name==version` (apt `a=1.2`, apk `a=1.2`, pip `a==1.2`).
 */
export function labelsFromCreatedBy(createdBy: string | undefined): string[] | undefined {
  if (!createdBy) return undefined;
  const cmd = shellCommand(createdBy);
  if (cmd === undefined) return undefined;
  const out: string[] = [];
  for (const seg of segments(cmd)) {
    for (const l of labelsOfSegment(seg) ?? []) if (!out.includes(l)) out.push(l);
  }
  return out.length > 0 ? out : undefined;
}
