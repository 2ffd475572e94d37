// Deterministic benchmark data: the same seed gives the same users and items,
// byte for byte, on every run and every dialect.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

/** mulberry32: a small, fast 32-bit seeded PRNG (good enough for test data, not for crypto). */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed per (run seed, stream name, number), so every user's items are independent of the others. */
function subSeed(seed, name, n) {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const c of `${name}:${n}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}

const COLORS = [
  'Black',
  'White',
  'Red',
  'Blue',
  'Yellow',
  'Green',
  'Tan',
  'Dark Tan',
  'Brown',
  'Reddish Brown',
  'Light Bluish Gray',
  'Dark Bluish Gray',
  'Orange',
  'Lime',
  'Medium Blue',
  'Dark Blue',
  'Dark Red',
  'Dark Green',
  'Sand Green',
  'Sand Blue',
  'Bright Light Orange',
  'Bright Light Yellow',
  'Medium Nougat',
  'Nougat',
  'Dark Orange',
  'Magenta',
  'Dark Pink',
  'Bright Pink',
  'Lavender',
  'Medium Lavender',
  'Trans-Clear',
  'Trans-Red',
  'Trans-Light Blue',
  'Trans-Yellow',
  'Trans-Green',
  'Pearl Gold',
  'Flat Silver',
  'Olive Green',
  'Coral',
  'Dark Turquoise',
];
const PARTS = 20_000; // part ids; PARTS × COLORS = 800,000 distinct (part_id, color) keys per user
const KEYS = PARTS * COLORS.length;
const SHAPES = ['Brick', 'Plate', 'Tile', 'Slope 45', 'Technic Beam', 'Round Brick', 'Wedge Plate', 'Bracket', 'Hinge Plate', 'Modified Plate'];
const NOTES = [
  'from set 10497, sorted',
  'spare parts\nsecond box',
  'quote: "mint" condition',
  'path C:\\lego\\bin 3',
  'tab\tseparated',
  'Ñandú ✓ ünïcödé',
  'needs cleaning, some scratches',
  'BrickLink order #18234 (2024)',
];
const START = Date.UTC(2020, 0, 1) / 1000;
const SPAN = 6 * 365 * 86_400;

function partId(p) {
  return `${3000 + (p % 7000)}${['', 'b', 'c'][Math.floor(p / 7000)]}`;
}

function sqlTime(seconds) {
  return new Date(seconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * Item counts per user, skewed: user 0 has `largest` items, the others follow
 * a Zipf-like curve (weight 1/rank^0.8) scaled so the total is exactly `items`.
 */
export function userSizes({ users, items, largest }) {
  if (users < 2) return [items];
  const rest = items - largest;
  if (rest > (users - 1) * (largest - 1)) throw new Error(`${items} items cannot be spread over ${users} users with at most ${largest} each`);
  const weights = [];
  for (let rank = 2; rank <= users; rank++) weights.push(1 / rank ** 0.8);
  const sum = weights.reduce((a, b) => a + b, 0);
  const sizes = weights.map((w) => Math.min(largest - 1, Math.floor((w / sum) * rest)));
  let missing = rest - sizes.reduce((a, b) => a + b, 0);
  for (let i = sizes.length - 1; missing > 0; i = i === 0 ? sizes.length - 1 : i - 1) {
    if (sizes[i] < largest - 1) {
      sizes[i]++;
      missing--;
    }
  }
  return [largest, ...sizes];
}

export function benchUsers(scale) {
  return userSizes(scale).map((count, i) => ({ id: i + 1, username: `bench_user_${String(i + 1).padStart(4, '0')}`, items: count }));
}

/**
 * `count` items with distinct (part_id, color) keys, deterministic for (seed,
 * stream, n). Values include commas, quotes, tabs, newlines, backslashes and
 * non-ASCII text so every export and load path has to escape properly.
 */
export function* generateItems(seed, stream, n, count) {
  if (count > KEYS) throw new Error(`At most ${KEYS} items per user`);
  const rnd = prng(subSeed(seed, stream, n));
  const offset = Math.floor(rnd() * KEYS);
  // An odd stride that is not a multiple of 5 is coprime with 800,000 = 2^8·5^5: every key visited once.
  let stride = Math.floor(rnd() * (KEYS / 2)) * 2 + 1;
  if (stride % 5 === 0) stride += 2;
  for (let k = 0; k < count; k++) {
    const key = (offset + k * stride) % KEYS;
    const p = key % PARTS;
    const c = Math.floor(key / PARTS);
    const total = Math.floor(rnd() ** 3 * 500);
    const used = rnd() < 0.3 ? Math.floor(rnd() * (total + 1)) : 0;
    const created = START + Math.floor(rnd() * SPAN);
    const updated = created + Math.floor(rnd() * (START + SPAN - created));
    const quirk = rnd();
    yield {
      name: `${SHAPES[p % SHAPES.length]} ${1 + (p % 4)} x ${1 + (p % 12)}${quirk < 0.05 ? ', with "Jumper" stud' : ''}`,
      part_id: partId(p),
      color: COLORS[c],
      quantity_total: total,
      quantity_used: used,
      storage_location: rnd() < 0.1 ? '' : `Drawer ${String.fromCharCode(65 + (p % 26))}${1 + (p % 40)}`,
      image_url: rnd() < 0.5 ? '' : `https://img.bricklink.com/ItemImage/PN/${c + 1}/${partId(p)}.png`,
      notes: rnd() < 0.8 ? '' : NOTES[Math.floor(rnd() * NOTES.length)],
      created_at: sqlTime(created),
      updated_at: sqlTime(updated),
    };
  }
}

export const ITEM_COLUMNS = [
  'user_id',
  'name',
  'part_id',
  'color',
  'quantity_total',
  'quantity_used',
  'storage_location',
  'image_url',
  'notes',
  'created_at',
  'updated_at',
];
export const USER_COLUMNS = ['id', 'username', 'email', 'password_hash', 'role', 'is_active', 'created_at'];
// Nobody logs in as a bench user; the hash only has to look like one.
const DUMMY_HASH = '$2b$10$benchbenchbenchbenchbeuN0mZVvHnq3vJ2Y0o6k1uS7eYw1tGJ6';

/** PostgreSQL COPY text format and MariaDB LOAD DATA's default format share these escapes. */
function tsvField(value) {
  return String(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

export function itemRow(userId, item) {
  return [
    userId,
    item.name,
    item.part_id,
    item.color,
    item.quantity_total,
    item.quantity_used,
    item.storage_location,
    item.image_url,
    item.notes,
    item.created_at,
    item.updated_at,
  ];
}

export function userRow(user) {
  return [user.id, user.username, `${user.username}@bench.invalid`, DUMMY_HASH, 'user', 1, sqlTime(START)];
}

async function writeLines(path, lines) {
  const out = createWriteStream(path);
  let buffer = '';
  for (const line of lines) {
    buffer += line + '\n';
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}

export function writeTsv(path, rows) {
  return writeLines(
    path,
    (function* () {
      for (const row of rows) yield row.map(tsvField).join('\t');
    })(),
  );
}

/** Every item of every bench user, as rows for inventory_items. */
export function* datasetRows(seed, users) {
  for (const user of users) for (const item of generateItems(seed, 'user', user.id, user.items)) yield itemRow(user.id, item);
}

/** The inventory JSON exactly as GET /api/inventory/export writes it. */
export async function writeInventoryJson(path, seed, stream, count) {
  const items = (function* () {
    let first = true;
    for (const item of generateItems(seed, stream, 1, count)) {
      const exported = {
        ...item,
        created_at: item.created_at.replace(' ', 'T') + '.000Z',
        updated_at: item.updated_at.replace(' ', 'T') + '.000Z',
      };
      yield (first ? '' : ',') + JSON.stringify(exported);
      first = false;
    }
  })();
  const header = JSON.stringify({
    format: 'blockshelf-inventory',
    version: 1,
    exported_at: '2026-11-26T00:00:00.000Z',
    user: { id: 999999, username: 'someone_else' },
  });
  await writeLines(
    path,
    (function* () {
      yield header.slice(0, -1) + ',"items":[';
      yield* items;
      yield `],"item_count":${count}}`;
    })(),
  );
}
