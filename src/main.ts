/** Composition root: build the services and state, mount the app. */
import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { PrefillState, type DemoPage } from './state/prefill.svelte';

const base = import.meta.env.BASE_URL;

const demos: readonly DemoPage[] = [
  { id: 'p014', label: 'Ảnh quét p014.jpg', url: `${base}demo/p014.jpg`, kind: 'image' },
  { id: 'book-a', label: 'Sổ mẫu book-a.pdf, trang 1', url: `${base}demo/book-a.pdf`, kind: 'pdf', page: 1 },
];

const target = document.getElementById('app');
if (!target) throw new Error('#app missing from index.html');

const prefill = new PrefillState();
mount(App, { target, props: { prefill, demos } });

// The demo: pre-fill the first sample page right away, unless a test or link asks not to (?autorun=0).
if (new URLSearchParams(location.search).get('autorun') !== '0') {
  const first = demos[0];
  if (first) void prefill.runDemo(first);
}
