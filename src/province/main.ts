/** The province screens (served by the province server at /province/): mount the app and restore the session. */
import { mount } from 'svelte';
import App from './App.svelte';
import './province.css';
import { ProvinceApp } from './province.svelte';

const province = new ProvinceApp();
mount(App, { target: document.getElementById('app')!, props: { province } });
void province.restore();
