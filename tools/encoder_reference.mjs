// Reference sentence vectors for EncoderReferenceTest, computed outside the JVM: the tokenizer is transformers.js's
// JavaScript implementation (not the Rust one the library binds), the model runs in onnxruntime-node, and pooling and
// normalisation are written here. Writes JSON: {encoder: {pooling, maxTokens, sentences: [{text, tokens, vector}]}}.
// ONNX Runtime is the version the library uses (1.23.2): the int8 models' dynamic quantisation rounds differently
// in other versions (1.30 differs by up to 1e-2). transformers.js loads its own ONNX Runtime, and two cannot share a
// process, so the tokenizer runs in a child process.
//
// Setup (once, outside the repository), two folders:
//   (cd T && npm install --ignore-scripts @huggingface/transformers)
//   (cd O && npm install --ignore-scripts onnxruntime-node@1.23.2)
// Usage: TRANSFORMERS=T/node_modules ORT=O/node_modules node tools/encoder_reference.mjs MODELS_DIR > fixture.json
//   MODELS_DIR holds the bundled encoders' .onnx and -tokenizer.json files (unzipped from their Maven artefacts).
import { createRequire } from 'module';
import { execFileSync } from 'child_process';
import fs from 'fs';
import path from 'path';

const dir = process.argv[2];
if (process.argv[3] === '--tokenize') {
  // child: the token ids of every sentence (JSON on stdin) for one encoder
  const { PreTrainedTokenizer } = await import(path.join(process.env.TRANSFORMERS,
    '@huggingface/transformers/dist/transformers.node.mjs'));
  const [name, maxTokens] = [process.argv[4], Number(process.argv[5])];
  const tokJson = JSON.parse(fs.readFileSync(path.join(dir, name + "-tokenizer.json"), "utf8"));
  tokJson.truncation = null;
  tokJson.padding = null;
  const tok = new PreTrainedTokenizer(tokJson, { model_max_length: maxTokens });
  const texts = JSON.parse(fs.readFileSync(0, "utf8"));
  // truncation as Hugging Face's tokenizers do it: the special tokens stay, the text is cut (transformers.js 3
  // cuts the final [SEP] instead)
  process.stdout.write(JSON.stringify(texts.map(t => {
    const ids = Array.from(tok(t).input_ids.data, Number);
    return ids.length <= maxTokens ? ids : ids.slice(0, maxTokens - 1).concat([ids[ids.length - 1]]);
  })));
  process.exit(0);
}
const require = createRequire(path.join(process.env.ORT, 'x.js'));
const ort = require('onnxruntime-node');

const sentences = [
  "Oh my God, you're pregnant!",
  "I don't know. I just... I don't know what to do anymore.",
  "Fine.",
  "",
  "Ça va? Naïve café résumé — “quoted” text with emoji 😀 and CJK 感情.",
  "Excuse me, I was here first and I have been waiting in this line for forty five minutes, so could you please "
    + "go to the back of the line like everybody else instead of pushing in front of me?",
  // longer than both windows once repeated: truncated
  Array(9).fill("Well, I told him that if he wanted to come to the wedding he would have to apologise to my mother "
    + "first, and he just laughed, so I walked out, and now nobody in the family is talking to anybody.").join(" "),
];
const encoders = {
  "all-minilm-l6-v2-q": { pooling: "mean", maxTokens: 256 },
  "bge-small-en-v1.5-q": { pooling: "cls", maxTokens: 512 },
};
const out = {};
for (const [name, cfg] of Object.entries(encoders)) {
  const allIds = JSON.parse(execFileSync(process.execPath,
    [process.argv[1], dir, '--tokenize', name, String(cfg.maxTokens)], { input: JSON.stringify(sentences) }));
  const session = await ort.InferenceSession.create(path.join(dir, name + ".onnx"),
    { intraOpNumThreads: 1, interOpNumThreads: 1 });
  const rows = [];
  for (const [k, text] of sentences.entries()) {
    const ids = allIds[k];
    const n = ids.length;
    const feeds = {
      input_ids: new ort.Tensor("int64", BigInt64Array.from(ids.map(BigInt)), [1, n]),
      attention_mask: new ort.Tensor("int64", new BigInt64Array(n).fill(1n), [1, n]),
    };
    if (session.inputNames.includes("token_type_ids")) {
      feeds.token_type_ids = new ort.Tensor("int64", new BigInt64Array(n), [1, n]);
    }
    const res = await session.run(feeds);
    const h = res[session.outputNames[0]];
    const dim = h.dims[2];
    const v = new Float64Array(dim);
    if (cfg.pooling === "cls") {
      for (let j = 0; j < dim; j++) v[j] = h.data[j];
    } else {
      for (let t = 0; t < n; t++) for (let j = 0; j < dim; j++) v[j] += h.data[t * dim + j];
      for (let j = 0; j < dim; j++) v[j] /= n;
    }
    let norm = 0;
    for (let j = 0; j < dim; j++) norm += v[j] * v[j];
    norm = Math.sqrt(norm);
    rows.push({ text, tokens: n, vector: Array.from(v, x => Number((x / norm).toPrecision(8))) });
  }
  out[name] = { pooling: cfg.pooling, maxTokens: cfg.maxTokens, sentences: rows };
}
process.stdout.write(JSON.stringify(out) + "\n");
