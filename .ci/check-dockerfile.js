// Checks the Dockerfile without a Docker daemon: node .ci/check-dockerfile.js DOCKERFILE K8S_PATHS_JSON
// Parsed and validated by dockerfile-ast / dockerfile-utils (the Docker language server's parser and validator),
// then: the base images each BASE build argument picks, the build stages (unique, defined before use, each used),
// every COPY source (in the repository, or an artefact of the cluster build) and that .dockerignore lets it into
// the context, and that the paths submit/k8s.sh names inside the image are files the image gets.
'use strict';
const fs = require('fs');
const path = require('path');
const { DockerfileParser } = require('dockerfile-ast');
const { validate } = require('dockerfile-utils');

const [dockerfilePath, k8sJson] = process.argv.slice(2);
const root = path.resolve(__dirname, '..');
const k8s = JSON.parse(k8sJson);
const content = fs.readFileSync(dockerfilePath, 'utf8');
const problems = [];
const problem = (line, text) => problems.push(`${dockerfilePath}:${line + 1}: ${text}`);

// The build arguments that pick a variant, and what each must give.
const VARIANTS = {
  BASE: { cpu: 'ubuntu:22.04', gpu: 'nvidia/cuda:11.8.0-cudnn8-runtime-ubuntu22.04' },
  JAR_DIR: { 'target-cluster': true, 'target-cuda-cluster': true },
};
// What `mvn -P(cpu|cuda),cluster package` writes: the only sources that may be absent before a build.
const ARTEFACTS = ['target-cluster/celeba-dcgan-spark-cluster.jar', 'target-cuda-cluster/celeba-dcgan-spark-cluster.jar'];

// Errors and warnings alike (diagnostics carry LSP severities: 1 error, 2 warning); the file has none today.
for (const d of validate(content)) {
  problem(d.range.start.line, `${d.severity === 1 ? 'invalid' : 'warning'}: ${d.message}`);
}

const dockerfile = DockerfileParser.parse(content);
const lineOf = (instruction) => instruction.getRange().start.line;
// ARG defaults (global ones before the first FROM, then each stage's), for ${VAR} in FROM and COPY.
function expand(text, vars) {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (m, a, b) => {
    const name = a || b;
    return name in vars ? vars[name] : m;
  });
}
function argDefaults(args, vars) {
  for (const arg of args) {
    const property = arg.getProperty();
    if (property && property.getValue() !== null) {
      vars[property.getName()] = property.getValue();
    } else if (property && !(property.getName() in vars)) {
      vars[property.getName()] = '';
    }
  }
  return vars;
}

// .dockerignore: the last pattern that matches a path decides (a leading ! lets it back in).
const ignorePath = path.join(path.dirname(path.resolve(dockerfilePath)), '.dockerignore');
const ignoreRules = fs.existsSync(ignorePath) ? fs.readFileSync(ignorePath, 'utf8').split('\n')
  .map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).map((l) => {
    const negate = l.startsWith('!');
    const glob = (negate ? l.slice(1) : l).replace(/^\/+/, '');
    const re = glob.split('**').map((part) => part.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^/]*')).join('.*');
    return { negate, re: new RegExp(`^${re}(/.*)?$`) };
  }) : [];
function ignored(p) {
  let out = false;
  for (const rule of ignoreRules) {
    if (rule.re.test(p)) {
      out = !rule.negate;
    }
  }
  return out;
}

// Every combination of the variant build arguments.
const combos = [{}];
for (const [name, values] of Object.entries(VARIANTS)) {
  const next = [];
  for (const c of combos) {
    for (const v of Object.keys(values)) {
      next.push({ ...c, [name]: v });
    }
  }
  combos.splice(0, combos.length, ...next);
}

const froms = dockerfile.getFROMs();
if (froms.length === 0) {
  problem(0, 'no FROM');
}
const imageFiles = new Set(); // files the final image gets from COPY (BASE=cpu, JAR_DIR=target-cluster)
for (const combo of combos) {
  const globals = argDefaults(dockerfile.getInitialARGs(), {});
  Object.assign(globals, combo);
  const stages = new Map(); // name -> index
  const used = new Set();
  let finalBase = null;
  let stageVars = { ...globals };
  froms.forEach((from, index) => {
    const image = expand(from.getImage() || '', globals);
    const name = from.getBuildStage();
    if (stages.has(image.toLowerCase())) {
      used.add(image.toLowerCase());
    } else if (image.includes('$')) {
      problem(lineOf(from), `FROM ${from.getImage()}: ${image} is not resolved by an ARG default or a variant (${JSON.stringify(combo)})`);
    } else if (/\$/.test(from.getImage() || '') && !/[:/]/.test(image)) {
      // a variable that picks a stage (base-${BASE}) must give one, or Docker pulls an image of that name
      problem(lineOf(from), `FROM ${from.getImage()}: ${JSON.stringify(combo)} gives ${image}, which is no build stage before it`);
    }
    if (name) {
      if (stages.has(name.toLowerCase())) {
        problem(lineOf(from), `stage name ${name} is used twice`);
      }
      stages.set(name.toLowerCase(), index);
    }
    if (index === froms.length - 1) {
      // the image's base: the stage it names, followed to its own FROM
      let base = image;
      let guard = 0;
      while (stages.has(base.toLowerCase()) && guard++ < froms.length) {
        base = expand(froms[stages.get(base.toLowerCase())].getImage() || '', globals);
      }
      finalBase = base;
    }
  });
  const wanted = VARIANTS.BASE[combo.BASE];
  if (finalBase !== wanted) {
    problem(lineOf(froms[froms.length - 1]), `BASE=${combo.BASE} builds on ${finalBase}, not ${wanted}`);
  }
  // COPY --from and sources, stage by stage
  const definedBefore = new Map();
  froms.forEach((from, index) => {
    if (from.getBuildStage()) {
      definedBefore.set(from.getBuildStage().toLowerCase(), index);
    }
  });
  for (const copy of dockerfile.getCOPYs()) {
    const line = lineOf(copy);
    const stageIndex = froms.filter((f) => lineOf(f) < line).length - 1;
    stageVars = argDefaults(dockerfile.getARGs().filter((a) => lineOf(a) > lineOf(froms[stageIndex])
      && lineOf(a) < line), { ...globals });
    Object.assign(stageVars, combo);
    const fromFlag = copy.getFromFlag();
    const args = copy.getArguments().map((a) => expand(a.getValue(), stageVars));
    if (args.length < 2) {
      problem(line, 'COPY needs a source and a destination');
      continue;
    }
    const dest = args[args.length - 1];
    const sources = args.slice(0, -1);
    if (fromFlag) {
      const stage = (fromFlag.getValue() || '').toLowerCase();
      if (!definedBefore.has(stage) || definedBefore.get(stage) >= stageIndex) {
        problem(line, `COPY --from=${fromFlag.getValue()}: no build stage of that name before this one`);
      } else {
        used.add(stage);
      }
    } else {
      for (const src of sources) {
        const rel = path.posix.normalize(src).replace(/^\.\//, '');
        const onDisk = fs.existsSync(path.join(root, rel));
        if (!onDisk && !ARTEFACTS.includes(rel)) {
          problem(line, `COPY source ${src} (${JSON.stringify(combo)}) is neither in the repository nor an artefact of the cluster build (${ARTEFACTS.join(', ')})`);
        }
        if (ignored(rel)) {
          problem(line, `COPY source ${rel} is excluded from the build context by .dockerignore`);
        }
      }
    }
    if (combo.BASE === 'cpu' && combo.JAR_DIR === 'target-cluster' && stageIndex === froms.length - 1) {
      for (const src of sources) {
        imageFiles.add(dest.endsWith('/') || sources.length > 1 ? path.posix.join(dest, path.posix.basename(src)) : dest);
      }
    }
  }
  froms.forEach((from, index) => {
    const name = from.getBuildStage();
    if (name && index < froms.length - 1 && !used.has(name.toLowerCase())
        && !(name.toLowerCase().startsWith('base-') && Object.keys(VARIANTS.BASE).some((b) => `base-${b}` === name.toLowerCase()))) {
      problem(lineOf(from), `stage ${name} is never used (no COPY --from or FROM names it)`);
    }
  });
}

// The paths submit/k8s.sh --dry-run names inside the image.
for (const [what, p] of Object.entries(k8s)) {
  if (!imageFiles.has(p)) {
    problem(0, `submit/k8s.sh's ${what} ${p} is not a file the image gets (COPY destinations: ${[...imageFiles].join(', ')})`);
  }
}
const entrypoints = dockerfile.getENTRYPOINTs();
const entry = entrypoints.length ? entrypoints[entrypoints.length - 1].getJSONStrings().map((s) => s.getJSONValue()) : [];
if (entry[0] !== '/opt/entrypoint.sh' || !imageFiles.has('/opt/entrypoint.sh')) {
  problem(entrypoints.length ? lineOf(entrypoints[entrypoints.length - 1]) : 0,
    `ENTRYPOINT must be Spark's K8s entrypoint /opt/entrypoint.sh, copied into the image; got ${JSON.stringify(entry)}`);
}

if (problems.length) {
  console.error([...new Set(problems)].join('\n'));
  process.exit(1);
}
console.log(`${dockerfilePath}: ok (${froms.length} stages; ${combos.length} variants; image files checked: `
  + `${Object.values(k8s).join(', ')})`);
