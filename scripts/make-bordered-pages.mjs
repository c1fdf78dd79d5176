#!/usr/bin/env node
// Generates synthetic "ruled / bordered table" register pages (vn-civreg-truth/2) for pipeline tests.
//
//   node scripts/make-bordered-pages.mjs [--out tests/fixtures/bordered] [--seed bordered-v1]
//
// Renders HTML with headless Chromium (playwright-core), reads label/value boxes from the DOM, then degrades the
// screenshot like a scan with ImageMagick (rotation around the page centre, blur, grain, speckles, grayscale, JPEG)
// and transforms the boxes accordingly. Output: <out>/images/b00N.jpg, <out>/truth/b00N.json, <out>/manifest.json.
// Deterministic for a given seed (Chromium/ImageMagick versions aside).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : def;
};
const OUT = path.resolve(ROOT, opt('out', 'tests/fixtures/bordered'));
const SEED = opt('seed', 'vn-civreg-bordered-v1');

// ---------------------------------------------------------------- seeded random
function hashStr(s) {
  let h = 1779033703 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  return h >>> 0;
}
function mulberry32(a) {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
let rnd = mulberry32(hashStr(SEED));
const R = {
  f: (a, b) => a + (b - a) * rnd(),
  i: (a, b) => a + Math.floor((b - a + 1) * rnd()),
  pick: (arr) => arr[Math.floor(rnd() * arr.length)],
  chance: (p) => rnd() < p,
};
const pad2 = (n) => String(n).padStart(2, '0');

// ---------------------------------------------------------------- admin units (Thừa Thiên Huế, code 46)
const AU = JSON.parse(fs.readFileSync(path.join(ROOT, 'src/domain/data/admin-units.json'), 'utf8'));
const DISTRICTS = AU.districts
  .filter((d) => d[3] === '46')
  .map(([code, name, type]) => ({ code, name, type }));
const COMMUNES = AU.communes
  .filter((c) => DISTRICTS.some((d) => d.code === c[3]))
  .map(([code, name, type, parent]) => ({ code, name, type, parent }));
const districtOf = (c) => DISTRICTS.find((d) => d.code === c.parent);
const HAMLETS = [
  'Vân Thê',
  'Lương Cổ',
  'An Lỗ',
  'Thế Chí Tây',
  'Kim Đôi',
  'Phước Tích',
  'Dưỡng Mong',
  'La Chữ',
  'Thanh Thủy Chánh',
  'Mỹ Lợi',
  'Bao Vinh',
  'Hà Thanh',
  'Lại Thế',
  'Thủ Lễ',
  'A Ka',
  'Phú Xuân',
];
function place({ withHamlet = R.chance(0.6) } = {}) {
  const c = R.pick(COMMUNES);
  const d = districtOf(c);
  const parts = [];
  if (withHamlet) {
    if (c.type === 'phường')
      parts.push(
        R.chance(0.5)
          ? `tổ ${R.i(1, 20)}`
          : `${R.i(2, 220)} ${R.pick(['Lê Lợi', 'Trần Hưng Đạo', 'Hùng Vương', 'Tôn Đức Thắng', 'Nguyễn Huệ', 'Điện Biên Phủ'])}`,
      );
    else parts.push(`${R.pick(['thôn', 'thôn', 'khu vực', 'tổ dân phố'])} ${R.pick(HAMLETS)}`);
  }
  parts.push(`${c.type} ${c.name}`, `${d.type} ${d.name}`, 'tỉnh Thừa Thiên Huế');
  return { text: parts.join(', '), commune: c, district: d };
}

// ---------------------------------------------------------------- people
const SURNAMES = [
  'Nguyễn',
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Phan',
  'Võ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Dương',
  'Lý',
  'Tôn Thất',
  'Huỳnh',
];
const MALE_MID = ['Văn', 'Hữu', 'Đức', 'Minh', 'Quang', 'Công', 'Xuân', 'Thanh', 'Anh', 'Trọng', 'Gia'];
const FEMALE_MID = ['Thị', 'Thị', 'Thị', 'Ngọc', 'Thu', 'Phương', 'Mỹ', 'Diệu', 'Thanh', 'Kim'];
const MALE_GIVEN = [
  'An',
  'Bình',
  'Cường',
  'Dũng',
  'Đạt',
  'Hùng',
  'Huy',
  'Khánh',
  'Long',
  'Minh',
  'Nam',
  'Phúc',
  'Quân',
  'Sơn',
  'Tài',
  'Thắng',
  'Tuấn',
  'Việt',
  'Bảo Long',
  'Đăng Khoa',
];
const FEMALE_GIVEN = [
  'Mai',
  'Lan',
  'Hoa',
  'Hương',
  'Nhung',
  'Thư',
  'Trang',
  'Uyên',
  'Yến',
  'Quyên',
  'Hiền',
  'Tâm',
  'Ngân',
  'Linh',
  'Thảo Vy',
  'Bảo Ngọc',
];
const COTU_NAMES = {
  m: ['Pả Lào', 'A Lăng Thơ', 'Bhling Mưa', 'Alăng Pố', 'Hốih Bứt'],
  f: ['Bhling Bíp', 'A Lăng Thị Hoa', 'Zơrâm Thị Pơ', 'Ating Thị Nhiên'],
};
const TAY_NAMES = {
  m: ['Hoàng Văn Páo', 'Nông Văn Khánh', 'Lục Văn Sơn'],
  f: ['Nông Thị Hoa', 'Hoàng Thị Dung', 'Lục Thị Mai'],
};
function ethnicity() {
  const r = rnd();
  return r < 0.8 ? 'Kinh' : r < 0.9 ? 'Tày' : 'Cơ Tu';
}
function personName(sex, eth, surname) {
  if (eth === 'Cơ Tu') return R.pick(COTU_NAMES[sex]);
  if (eth === 'Tày') return R.pick(TAY_NAMES[sex]);
  const s = surname ?? R.pick(SURNAMES);
  return sex === 'm'
    ? `${s} ${R.pick(MALE_MID)} ${R.pick(MALE_GIVEN)}`
    : `${s} ${R.pick(FEMALE_MID)} ${R.pick(FEMALE_GIVEN)}`;
}
function randDate(yFrom, yTo) {
  const y = R.i(yFrom, yTo);
  const m = R.i(1, 12);
  const d = R.i(1, [31, y % 4 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]);
  return { d, m, y, text: `${pad2(d)}/${pad2(m)}/${y}` };
}
const after = (dt, maxDays) => {
  const t = new Date(Date.UTC(dt.y, dt.m - 1, dt.d) + R.i(1, maxDays) * 86400000);
  const d = t.getUTCDate(),
    m = t.getUTCMonth() + 1,
    y = t.getUTCFullYear();
  return { d, m, y, text: `${pad2(d)}/${pad2(m)}/${y}` };
};
function personalId(sex, year) {
  const cent = year >= 2000 ? 2 : 0;
  return `046${cent + (sex === 'f' ? 1 : 0)}${String(year % 100).padStart(2, '0')}${String(R.i(0, 999999)).padStart(6, '0')}`;
}
// date in words (style of the dev set): "Ngày mồng hai tháng một năm hai nghìn không trăm mười bảy"
const DIG = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];
function twoDigits(n) {
  if (n < 10) return DIG[n];
  if (n < 20) return n === 10 ? 'mười' : `mười ${n % 10 === 5 ? 'lăm' : DIG[n % 10]}`;
  const t = Math.floor(n / 10),
    u = n % 10;
  const uw = u === 0 ? '' : u === 1 ? ' mốt' : u === 4 ? ' tư' : u === 5 ? ' lăm' : ` ${DIG[u]}`;
  return `${DIG[t]} mươi${uw}`;
}
function yearWords(y) {
  const th = Math.floor(y / 1000),
    h = Math.floor((y % 1000) / 100),
    r = y % 100;
  let s = `${DIG[th]} nghìn ${DIG[h]} trăm`;
  if (r === 0) return s;
  if (r < 10) return `${s} linh ${DIG[r]}`;
  return `${s} ${twoDigits(r)}`;
}
function dateWords({ d, m, y }) {
  const dw = d <= 10 ? `mồng ${d === 10 ? 'mười' : DIG[d]}` : twoDigits(d);
  const mw = m === 4 ? 'tư' : m === 1 ? 'một' : twoDigits(m);
  return `Ngày ${dw} tháng ${mw} năm ${yearWords(y)}`;
}

// ---------------------------------------------------------------- entries (field order = printed order)
const LABELS = {
  KS: {
    so: 'Số:',
    quyenSo: 'Quyển số:',
    nksHoTen: 'Họ, chữ đệm, tên:',
    nksNgaySinh: 'Ngày, tháng, năm sinh:',
    nksNgaySinhBangChu: 'ghi bằng chữ:',
    nksGioiTinh: 'Giới tính:',
    nksDanToc: 'Dân tộc:',
    nksQuocTich: 'Quốc tịch:',
    nksNoiSinh: 'Nơi sinh:',
    nksQueQuan: 'Quê quán:',
    nksSoDinhDanh: 'Số định danh cá nhân:',
    meHoTen: 'Họ, chữ đệm, tên người mẹ:',
    meNgaySinh: 'Năm sinh:',
    meDanToc: 'Dân tộc:',
    meQuocTich: 'Quốc tịch:',
    meNoiCuTru: 'Nơi cư trú:',
    chaHoTen: 'Họ, chữ đệm, tên người cha:',
    chaNgaySinh: 'Năm sinh:',
    chaDanToc: 'Dân tộc:',
    chaQuocTich: 'Quốc tịch:',
    chaNoiCuTru: 'Nơi cư trú:',
    nycHoTen: 'Họ, chữ đệm, tên người đi đăng ký khai sinh:',
    nycQuanHe: 'Quan hệ với người được khai sinh:',
    ngayDangKy: 'Ngày, tháng, năm đăng ký:',
    ghiChu: 'Ghi chú:',
  },
  KT: {
    so: 'Số:',
    nktHoTen: 'Họ, chữ đệm, tên người chết:',
    nktNgaySinh: 'Ngày, tháng, năm sinh:',
    nktGioiTinh: 'Giới tính:',
    nktDanToc: 'Dân tộc:',
    nktQuocTich: 'Quốc tịch:',
    nktSoDinhDanh: 'Số định danh cá nhân:',
    nktNoiCuTru: 'Nơi cư trú cuối cùng:',
    nktGioPhutChet: 'Thời gian chết:',
    nktNgayChet: null,
    nktNoiChet: 'Nơi chết:',
    nktNguyenNhanChet: 'Nguyên nhân chết:',
    nycHoTen: 'Họ, chữ đệm, tên người đi khai tử:',
    nycQuanHe: 'Quan hệ với người chết:',
    ngayDangKy: 'Ngày, tháng, năm đăng ký:',
    ghiChu: 'Ghi chú:',
  },
  KH: {
    so: 'Số:',
    chongHoTen: 'Họ, chữ đệm, tên chồng:',
    chongNgaySinh: 'Ngày, tháng, năm sinh:',
    chongDanToc: 'Dân tộc:',
    chongQuocTich: 'Quốc tịch:',
    chongNoiCuTru: 'Nơi cư trú:',
    chongSoDinhDanh: 'Số định danh cá nhân:',
    voHoTen: 'Họ, chữ đệm, tên vợ:',
    voNgaySinh: 'Ngày, tháng, năm sinh:',
    voDanToc: 'Dân tộc:',
    voQuocTich: 'Quốc tịch:',
    voNoiCuTru: 'Nơi cư trú:',
    voSoDinhDanh: 'Số định danh cá nhân:',
    ngayDangKy: 'Ngày, tháng, năm đăng ký:',
    ghiChu: 'Ghi chú:',
  },
};
const BIRTH_PLACES = [
  'Bệnh viện Trung ương Huế',
  'Bệnh viện Đa khoa tỉnh Thừa Thiên Huế',
  'Bệnh viện Quốc tế Trung ương Huế',
  'Bệnh viện Trường Đại học Y - Dược Huế',
];
const CAUSES = [
  'Bệnh già',
  'Bệnh lý',
  'Suy tim',
  'Đột quỵ',
  'Viêm phổi',
  'Tai nạn giao thông',
  'Ung thư gan',
  'Tai biến mạch máu não',
  '',
];

function makeKS(year, no, book) {
  const sex = R.chance(0.5) ? 'm' : 'f';
  let born = randDate(year, year);
  while (born.m > 10) born = randDate(year, year);
  const reg = after(born, 60);
  const eth = ethnicity();
  const father = { name: personName('m', eth), year: born.y - R.i(22, 38) };
  const surname = eth === 'Kinh' ? father.name.split(' ')[0] : undefined;
  const mother = { name: personName('f', eth === 'Kinh' ? 'Kinh' : eth), year: born.y - R.i(20, 35) };
  const home = place();
  const nksHoTen = personName(sex, eth, surname);
  const bp = R.chance(0.5)
    ? R.pick(BIRTH_PLACES)
    : `Trạm Y tế ${home.commune.type} ${home.commune.name}, ${home.district.type} ${home.district.name}, tỉnh Thừa Thiên Huế`;
  const nyc = R.chance(0.6) ? ['cha', 'Cha'] : ['me', 'Mẹ'];
  return {
    so: String(no),
    quyenSo: book,
    nksHoTen,
    nksNgaySinh: born.text,
    nksNgaySinhBangChu: dateWords(born),
    nksGioiTinh: sex === 'm' ? 'Nam' : 'Nữ',
    nksDanToc: eth,
    nksQuocTich: 'Việt Nam',
    nksNoiSinh: bp,
    nksQueQuan: R.chance(0.5)
      ? `${home.district.type} ${home.district.name}, tỉnh Thừa Thiên Huế`
      : place({ withHamlet: false }).text,
    nksSoDinhDanh: R.chance(0.85) ? personalId(sex, born.y) : '',
    meHoTen: mother.name,
    meNgaySinh: String(mother.year),
    meDanToc: eth === 'Kinh' ? 'Kinh' : eth,
    meQuocTich: 'Việt Nam',
    meNoiCuTru: home.text,
    chaHoTen: father.name,
    chaNgaySinh: String(father.year),
    chaDanToc: eth,
    chaQuocTich: 'Việt Nam',
    chaNoiCuTru: home.text,
    nycHoTen: nyc[0] === 'cha' ? father.name : mother.name,
    nycQuanHe: nyc[1],
    ngayDangKy: reg.text,
    ghiChu: R.chance(0.25)
      ? R.pick(['Đăng ký khai sinh quá hạn', 'Trẻ em sinh đôi', 'Đăng ký lại khai sinh'])
      : '',
  };
}
function makeKT(year, no) {
  const sex = R.chance(0.5) ? 'm' : 'f';
  const eth = ethnicity();
  const born = randDate(1925, 1995);
  const died = randDate(year, year);
  const reg = after(died, 40);
  const home = place({ withHamlet: true });
  const nyc = R.pick([
    ['Con', null],
    ['Con trai', null],
    ['Con gái', null],
    [sex === 'm' ? 'Vợ' : 'Chồng', null],
    ['Cháu', null],
  ]);
  const nycSex =
    nyc[0] === 'Vợ' || nyc[0] === 'Con gái'
      ? 'f'
      : nyc[0] === 'Chồng' || nyc[0] === 'Con trai'
        ? 'm'
        : R.chance(0.5)
          ? 'm'
          : 'f';
  const atHome = R.chance(0.5);
  return {
    so: String(no),
    nktHoTen: personName(sex, eth),
    nktNgaySinh: R.chance(0.2) ? String(born.y) : born.text,
    nktGioiTinh: sex === 'm' ? 'Nam' : 'Nữ',
    nktDanToc: eth,
    nktQuocTich: 'Việt Nam',
    nktSoDinhDanh: R.chance(0.85) ? personalId(sex, born.y) : '',
    nktNoiCuTru: home.text,
    nktGioPhutChet: `${R.i(0, 23)} giờ ${pad2(R.i(0, 59))} phút`,
    nktNgayChet: died.text,
    nktNoiChet: atHome ? `Tại nhà, ${home.text}` : R.pick(BIRTH_PLACES),
    nktNguyenNhanChet: R.pick(CAUSES),
    nycHoTen: personName(nycSex, eth),
    nycQuanHe: nyc[0],
    ngayDangKy: reg.text,
    ghiChu: R.chance(0.3) ? R.pick(['Đăng ký khai tử quá hạn', 'Có giấy báo tử của bệnh viện']) : '',
  };
}
function makeKH(year, no) {
  const ec = ethnicity(),
    ev = R.chance(0.8) ? ec : ethnicity();
  const bc = randDate(year - 40, year - 20),
    bv = randDate(year - 35, year - 18);
  const pc = place(),
    pv = R.chance(0.3) ? pc : place();
  return {
    so: String(no),
    chongHoTen: personName('m', ec),
    chongNgaySinh: bc.text,
    chongDanToc: ec,
    chongQuocTich: 'Việt Nam',
    chongNoiCuTru: pc.text,
    chongSoDinhDanh: personalId('m', bc.y),
    voHoTen: personName('f', ev),
    voNgaySinh: bv.text,
    voDanToc: ev,
    voQuocTich: 'Việt Nam',
    voNoiCuTru: pv.text,
    voSoDinhDanh: personalId('f', bv.y),
    ngayDangKy: randDate(year, year).text,
    ghiChu: R.chance(0.2) ? 'Hai bên đã xác nhận tình trạng hôn nhân' : '',
  };
}

// ---------------------------------------------------------------- HTML
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const lab = (e, k, text) =>
  `<span class="lab" data-role="label" data-entry="${e}" data-key="${k}">${esc(text)}</span>`;
const val = (e, k, v) =>
  `<span class="val" data-role="value" data-entry="${e}" data-key="${k}">${esc(v)}</span>`;

function entryTable(type, ei, f, spec) {
  const L = LABELS[type];
  const rows = [];
  const pairs = spec.pairs ?? [];
  const span = pairs.length ? ' colspan="3"' : '';
  const row = (labelHtml, valueHtml, cls = '') =>
    rows.push(
      `<tr class="${cls}"><td class="lc">${labelHtml}</td><td class="vc"${span}>${valueHtml}</td></tr>`,
    );
  for (const k of Object.keys(L)) {
    // compact ledgers: two short fields share a row (label | value | label | value)
    if (pairs.some((pr) => pr[1] === k)) continue;
    const pr = pairs.find((x) => x[0] === k);
    if (pr) {
      const [a, b] = pr;
      rows.push(
        `<tr><td class="lc">${lab(ei, a, L[a])}</td><td class="vc">${val(ei, a, f[a])}</td><td class="lc">${lab(ei, b, L[b])}</td><td class="vc">${val(ei, b, f[b])}</td></tr>`,
      );
      continue;
    }
    if (type === 'KS' && k === 'quyenSo' && spec.sharedSoRow) continue;
    if (type === 'KT' && k === 'nktNgayChet') continue;
    if (type === 'KS' && k === 'so' && spec.sharedSoRow) {
      row(
        lab(ei, 'so', L.so),
        `${val(ei, 'so', f.so)}<span class="gap"></span>${lab(ei, 'quyenSo', L.quyenSo)} ${val(ei, 'quyenSo', f.quyenSo)}`,
      );
      continue;
    }
    if (type === 'KT' && k === 'nktGioPhutChet') {
      row(lab(ei, k, L[k]), `${val(ei, k, f[k])}, ngày ${val(ei, 'nktNgayChet', f.nktNgayChet)}`);
      continue;
    }
    const sep =
      (type === 'KS' && (k === 'meHoTen' || k === 'chaHoTen' || k === 'nycHoTen')) ||
      (type === 'KH' && k === 'voHoTen') ||
      k === 'ngayDangKy';
    row(lab(ei, k, L[k]), val(ei, k, f[k]), sep ? 'sep' : '');
  }
  return `<table class="entry">${spec.colgroup}${rows.join('')}</table>`;
}

function pageHtml(spec, entries) {
  const { dpi } = spec;
  const pt = (p) => (p * dpi) / 72;
  const mm = (m) => (m * dpi) / 25.4;
  const [mt, mr, mb, ml] = spec.margins_mm.map(mm);
  const colgroup = spec.pairs
    ? `<colgroup><col style="width:${spec.label_col_pct}%"><col style="width:${(100 - spec.label_col_pct) * 0.36}%"><col style="width:${(100 - spec.label_col_pct) * 0.3}%"><col></colgroup>`
    : `<colgroup><col style="width:${spec.label_col_pct}%"><col></colgroup>`;
  const body = entries.map((f, ei) => entryTable(spec.register_type, ei, f, { ...spec, colgroup })).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><style>
  html,body{margin:0;padding:0;background:#fff}
  .page{position:relative;width:${spec.width}px;height:${spec.height}px;box-sizing:border-box;padding:${mt}px ${mr}px ${mb}px ${ml}px;
    font-family:'${spec.label_font}';font-size:${pt(spec.font_pt)}px;line-height:${spec.line_height};color:#111}
  .hdr{display:flex;justify-content:space-between;align-items:flex-start;font-size:${pt(spec.font_pt)}px}
  .hdr .l{font-weight:bold}
  .title{text-align:center;font-weight:bold;font-size:${pt(spec.font_pt + 4)}px;margin:${mm(5)}px 0 ${mm(6)}px}
  table.entry{width:100%;border-collapse:collapse;margin-bottom:${mm(spec.entry_gap_mm)}px;table-layout:fixed}
  table.entry td{border:${spec.border_px}px solid #000;padding:${mm(0.7)}px ${mm(1.6)}px;vertical-align:top;overflow-wrap:break-word}
  table.entry tr.sep td{border-top-width:${spec.border_px * 2}px}
  td.lc{font-family:'${spec.label_font}';${spec.label_bold ? 'font-weight:bold;' : ''}}
  td.vc{font-family:'${spec.value_font}'}
  .gap{display:inline-block;width:${mm(14)}px}
  td.vc .lab{font-family:'${spec.label_font}'}
  </style></head><body><div class="page">
  <div class="hdr"><span class="l" data-role="header">${esc(spec.header_left)}</span><span class="r" data-role="header">${esc(spec.header_right)}</span></div>
  <div class="title" data-role="header">${esc(spec.title)}</div>
  ${body}
  </div></body></html>`;
}

// In-page extraction: per value/label span its rects; per word (all text nodes) its box and role.
function extractInPage() {
  const rect = (r) => [r.left, r.top, r.width, r.height];
  const spans = [...document.querySelectorAll('[data-role]')].map((el) => ({
    role: el.dataset.role,
    entry: el.dataset.entry == null ? null : Number(el.dataset.entry),
    key: el.dataset.key ?? null,
    text: el.textContent,
    rects: [...el.getClientRects()].filter((r) => r.width > 0).map(rect),
  }));
  const words = [];
  const walker = document.createTreeWalker(document.querySelector('.page'), NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const owner = n.parentElement.closest('[data-role]');
    const info = owner
      ? {
          role: owner.dataset.role,
          entry: owner.dataset.entry == null ? null : Number(owner.dataset.entry),
          key: owner.dataset.key ?? null,
        }
      : { role: 'label', entry: null, key: null };
    const s = n.textContent;
    const re = /\S+/g;
    for (let m = re.exec(s); m; m = re.exec(s)) {
      const rg = document.createRange();
      rg.setStart(n, m.index);
      rg.setEnd(n, m.index + m[0].length);
      const rs = [...rg.getClientRects()].filter((r) => r.width > 0);
      if (!rs.length) continue;
      const r = rs[0];
      if (!owner) {
        const tr = n.parentElement.closest('tr');
        const k = tr?.querySelector('.val')?.dataset.key;
        info.key = k ?? null;
        info.entry = tr ? Number(tr.querySelector('[data-entry]')?.dataset.entry) : null;
      }
      words.push({ text: m[0], ...info, rect: rect(r) });
    }
  }
  return { spans, words };
}

// ---------------------------------------------------------------- geometry
const round = (b) => b.map((v) => Math.round(v));
const union = (rs) => {
  const x0 = Math.min(...rs.map((r) => r[0])),
    y0 = Math.min(...rs.map((r) => r[1]));
  const x1 = Math.max(...rs.map((r) => r[0] + r[2])),
    y1 = Math.max(...rs.map((r) => r[1] + r[3]));
  return [x0, y0, x1 - x0, y1 - y0];
};
// ImageMagick -distort SRT <deg>: positive = clockwise on screen (y down), around the centre.
function rotBox(b, deg, cx, cy, W, H) {
  const t = (deg * Math.PI) / 180,
    c = Math.cos(t),
    s = Math.sin(t);
  const pts = [
    [b[0], b[1]],
    [b[0] + b[2], b[1]],
    [b[0], b[1] + b[3]],
    [b[0] + b[2], b[1] + b[3]],
  ].map(([x, y]) => [cx + (x - cx) * c - (y - cy) * s, cy + (x - cx) * s + (y - cy) * c]);
  const x0 = Math.max(0, Math.min(...pts.map((p) => p[0]))),
    y0 = Math.max(0, Math.min(...pts.map((p) => p[1])));
  const x1 = Math.min(W, Math.max(...pts.map((p) => p[0]))),
    y1 = Math.min(H, Math.max(...pts.map((p) => p[1])));
  return round([x0, y0, x1 - x0, y1 - y0]);
}

// ---------------------------------------------------------------- pages
const PAGES = [
  { page_id: 'b001', register_type: 'KS', dpi: 300, entries: 1, year: 2019, sharedSoRow: true },
  { page_id: 'b002', register_type: 'KT', dpi: 300, entries: 2, year: 2023 },
  { page_id: 'b003', register_type: 'KH', dpi: 200, entries: 2, year: 2021 },
  {
    page_id: 'b004',
    register_type: 'KS',
    dpi: 200,
    entries: 2,
    year: 2018,
    sharedSoRow: false,
    // two KS entries only fit on A4 when short fields share rows
    pairs: [
      ['so', 'quyenSo'],
      ['nksGioiTinh', 'nksDanToc'],
      ['nksQuocTich', 'nksSoDinhDanh'],
      ['meHoTen', 'meNgaySinh'],
      ['meDanToc', 'meQuocTich'],
      ['chaHoTen', 'chaNgaySinh'],
      ['chaDanToc', 'chaQuocTich'],
    ],
  },
];
const FONT_PAIRS = [
  ['Liberation Serif', 'DejaVu Sans'],
  ['DejaVu Serif', 'Liberation Sans'],
  ['Liberation Sans', 'DejaVu Serif'],
  ['DejaVu Sans', 'Liberation Serif'],
];
const TITLES = { KS: 'SỔ ĐĂNG KÝ KHAI SINH', KT: 'SỔ ĐĂNG KÝ KHAI TỬ', KH: 'SỔ ĐĂNG KÝ KẾT HÔN' };

async function main() {
  for (const d of ['images', 'truth']) fs.mkdirSync(path.join(OUT, d), { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bordered-'));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--font-render-hinting=none',
    ],
  });
  const manifest = { set: 'bordered', seed: SEED, generator: 'scripts/make-bordered-pages.mjs', pages: [] };
  try {
    for (const [pi, p] of PAGES.entries()) {
      rnd = mulberry32(hashStr(`${SEED}/${p.page_id}`));
      const [W, H] = p.dpi === 300 ? [2480, 3508] : [1654, 2339];
      const [label_font, value_font] = FONT_PAIRS[pi % FONT_PAIRS.length];
      const commune = R.pick(COMMUNES);
      const spec = {
        ...p,
        width: W,
        height: H,
        label_font,
        value_font,
        font_pt: R.pick([11.5, 12, 12.5]),
        line_height: Number(R.f(1.25, 1.4).toFixed(2)),
        label_bold: R.chance(0.3),
        label_col_pct: R.i(35, 40),
        border_px: Math.max(1, Math.round((R.pick([1, 1.25, 1.5]) * p.dpi) / 96)),
        entry_gap_mm: R.i(5, 8),
        margins_mm: [R.i(16, 22), R.i(14, 18), R.i(16, 22), R.i(18, 24)],
        header_left: `UBND ${commune.type.toUpperCase()} ${commune.name.toUpperCase()}`,
        header_right: `Năm ${p.year}`,
        title: TITLES[p.register_type],
      };
      const firstNo = R.i(12, 140);
      const book = `${pad2(R.i(1, 4))}/${p.year}`;
      const fields = [];
      for (let e = 0; e < p.entries; e++) {
        const no = firstNo + e;
        fields.push(
          p.register_type === 'KS'
            ? makeKS(p.year, no, book)
            : p.register_type === 'KT'
              ? makeKT(p.year, no)
              : makeKH(p.year, no),
        );
      }
      const page = await browser.newPage({ viewport: { width: W, height: H }, deviceScaleFactor: 1 });
      // shrink the type (then the line height) until both entries fit on the page
      for (;;) {
        await page.setContent(pageHtml(spec, fields), { waitUntil: 'load' });
        await page.evaluate(() => document.fonts.ready);
        // bottom of the last table incl. a minimum bottom margin of 12 mm
        const used =
          (await page.evaluate(() =>
            Math.max(
              ...[...document.querySelectorAll('table.entry')].map((t) => t.getBoundingClientRect().bottom),
            ),
          )) +
          (12 * p.dpi) / 25.4;
        const wraps = await page.evaluate(
          () =>
            [...document.querySelectorAll('td.lc .lab')].filter((el) => el.getClientRects().length > 1)
              .length,
        );
        // the point of the layout: at least one label must wrap inside its cell
        if (used <= H && wraps === 0 && spec.label_col_pct > 32) {
          spec.label_col_pct -= 1;
          continue;
        }
        if (used <= H) break;
        if (spec.line_height > 1.2)
          spec.line_height = Math.max(1.2, Number((spec.line_height - 0.05).toFixed(2)));
        else if (spec.font_pt > 9) spec.font_pt -= 0.5;
        else throw new Error(`${p.page_id}: content overflows the page (${used} > ${H})`);
      }
      const { spans, words } = await page.evaluate(extractInPage);
      const raw = path.join(tmp, `${p.page_id}.png`);
      await page.screenshot({ path: raw, clip: { x: 0, y: 0, width: W, height: H } });
      await page.close();

      // degradation
      const deg = {
        rotation_deg: Number(R.f(-1.5, 1.5).toFixed(3)),
        rotation_center: [W / 2, H / 2],
        rotation_note:
          'bboxes are axis-aligned boxes of the rotated rectangles (final image pixels); bbox_prerot = before rotation. Positive angle = clockwise.',
        blur_sigma: Number(R.f(0.3, 0.5).toFixed(2)),
        noise_attenuate: Number(R.f(0.3, 0.5).toFixed(2)),
        speckles: R.i(20, 60),
        jpeg_quality: p.dpi === 300 ? R.i(82, 86) : R.i(78, 82),
      };
      const draws = [];
      for (let i = 0; i < deg.speckles; i++) {
        const x = R.i(0, W - 1),
          y = R.i(0, H - 1),
          r = R.f(0.6, 2.6) * (p.dpi / 200);
        draws.push('-fill', `gray${R.i(15, 60)}`, '-draw', `circle ${x},${y} ${(x + r).toFixed(1)},${y}`);
      }
      const img = path.join(OUT, 'images', `${p.page_id}.jpg`);
      execFileSync('convert', [
        raw,
        '-colorspace',
        'Gray',
        '-background',
        'white',
        '-virtual-pixel',
        'background',
        '-distort',
        'SRT',
        String(deg.rotation_deg),
        '+repage',
        '-seed',
        String(hashStr(`${SEED}/${p.page_id}/noise`) % 100000),
        '-blur',
        `0x${deg.blur_sigma}`,
        '-attenuate',
        String(deg.noise_attenuate),
        '+noise',
        'Gaussian',
        ...draws,
        '-level',
        '3%,97%',
        '-colorspace',
        'Gray',
        '-type',
        'Grayscale',
        '-quality',
        String(deg.jpeg_quality),
        '-sampling-factor',
        '1x1',
        '-strip',
        img,
      ]);
      const dims = execFileSync('identify', ['-format', '%w %h', img])
        .toString()
        .trim()
        .split(' ')
        .map(Number);
      if (dims[0] !== W || dims[1] !== H) throw new Error(`${p.page_id}: unexpected size ${dims}`);

      const [cx, cy] = deg.rotation_center;
      const rb = (b) => rotBox(b, deg.rotation_deg, cx, cy, W, H);
      const entries = fields.map((f, ei) => {
        const out = { type: p.register_type, fields: {}, labels: {} };
        for (const k of Object.keys(LABELS[p.register_type])) {
          const s = spans.find((x) => x.role === 'value' && x.entry === ei && x.key === k);
          if (!s) throw new Error(`no span for ${k}`);
          if (s.text !== f[k]) throw new Error(`text mismatch ${k}`);
          // a blank value: zero-width span -> box at the start of the cell, zero width
          const lines = s.rects.length ? s.rects.map(round) : [];
          const pre = lines.length ? round(union(lines)) : null;
          out.fields[k] = {
            value: f[k],
            bbox: pre ? rb(pre) : null,
            bbox_prerot: pre,
            line_bboxes_prerot: lines,
          };
          const l = spans.find((x) => x.role === 'label' && x.entry === ei && x.key === k);
          if (l) {
            const lb = round(union(l.rects));
            out.labels[k] = {
              text: l.text,
              bbox: rb(lb),
              bbox_prerot: lb,
              line_bboxes_prerot: l.rects.map(round),
            };
          }
        }
        return out;
      });
      const other_text = spans
        .filter((s) => s.role === 'header')
        .map((s) => {
          const b = round(union(s.rects));
          return { role: 'header', text: s.text, bbox: rb(b), bbox_prerot: b };
        });
      // visual rows: group words by vertical centre
      const ws = words
        .map((w) => ({ ...w, cy: w.rect[1] + w.rect[3] / 2 }))
        .sort((a, b) => a.cy - b.cy || a.rect[0] - b.rect[0]);
      const rowsArr = [];
      const tol = ((spec.font_pt * p.dpi) / 72) * 0.45;
      for (const w of ws) {
        const last = rowsArr[rowsArr.length - 1];
        if (last && Math.abs(last.cy - w.cy) < tol) last.words.push(w);
        else rowsArr.push({ cy: w.cy, words: [w] });
      }
      const lines = rowsArr.map((r) => {
        r.words.sort((a, b) => a.rect[0] - b.rect[0]);
        // glue fragments without a space between them (e.g. a value span followed by ",")
        r.words = r.words.reduce((acc, w) => {
          const prev = acc[acc.length - 1];
          if (prev && w.rect[0] - (prev.rect[0] + prev.rect[2]) < tol * 0.1) {
            prev.text += w.text;
            prev.rect = union([prev.rect, w.rect]);
          } else acc.push({ ...w });
          return acc;
        }, []);
        const b = round(union(r.words.map((w) => w.rect)));
        return {
          text: r.words.map((w) => w.text).join(' '),
          bbox: rb(b),
          bbox_prerot: b,
          words: r.words.map((w) => ({
            text: w.text,
            bbox: rb(round(w.rect)),
            bbox_prerot: round(w.rect),
            role: w.role,
            entry: w.entry,
            key: w.key,
          })),
        };
      });
      const truth = {
        schema: 'vn-civreg-truth/2',
        page_id: p.page_id,
        file: `images/${p.page_id}.jpg`,
        pdf_page: null,
        book: null,
        width: W,
        height: H,
        dpi: p.dpi,
        style: 'printed',
        register_type: p.register_type,
        layout: {
          variant: 'bordered',
          label_font,
          value_font,
          font_pt: spec.font_pt,
          line_height: spec.line_height,
          dotted: false,
          label_bold: spec.label_bold,
          margins_mm: spec.margins_mm,
          label_col_pct: spec.label_col_pct,
          border_px: spec.border_px,
          paired_rows: p.pairs ?? [],
          shared_so_row: p.register_type === 'KS' ? !!p.sharedSoRow : undefined,
          wrapped_labels: entries
            .flatMap((e) =>
              Object.entries(e.labels)
                .filter(([, l]) => l.line_bboxes_prerot.length > 1)
                .map(([k]) => k),
            )
            .filter((k, i, a) => a.indexOf(k) === i),
        },
        degradation: deg,
        entries,
        other_text,
        lines,
        text: lines.map((l) => l.text).join('\n'),
      };
      fs.writeFileSync(path.join(OUT, 'truth', `${p.page_id}.json`), `${JSON.stringify(truth, null, 1)}\n`);
      manifest.pages.push({
        page_id: p.page_id,
        file: truth.file,
        pdf_page: null,
        register_type: p.register_type,
        style: 'printed',
        dpi: p.dpi,
        variant: 'bordered',
        value_font,
        label_font,
        entries: p.entries,
      });
      console.log(
        `${p.page_id}: ${p.register_type} ${p.dpi}dpi ${p.entries} entr${p.entries > 1 ? 'ies' : 'y'}, rot ${deg.rotation_deg}°, wrapped labels: ${truth.layout.wrapped_labels.join(', ')}`,
      );
    }
  } finally {
    await browser.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  fs.writeFileSync(path.join(OUT, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
