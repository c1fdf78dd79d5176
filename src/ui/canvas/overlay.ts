/**
 * Fabric adapter of the page canvas: the page image with every field's box drawn over it, zoom and pan through
 * fabric's viewport transform, the display rotation as each object's own transform (the image and the boxes
 * turn about the same page → scene mapping of `view.ts`, so boxes stay on the ink). Plain TypeScript; the
 * Svelte wrapper is `PageCanvas.svelte`. Only `src/ui/canvas/` may import fabric (DESIGN.md §2).
 */
import {
  Canvas,
  FabricImage,
  Point,
  Rect as FabricRect,
  util,
  type FabricObject,
  type ModifiedEvent,
  type TPointerEventInfo,
} from 'fabric';
import type { Box } from '../../domain/geometry';
import { readToneColours, type Tone, type ToneColour } from '../tones';
import {
  boundsOf,
  boxFromCorners,
  boxToObject,
  boxToScreen,
  clampBox,
  clampPoint,
  clampZoom,
  fitView,
  pageToScene,
  panBy,
  rectsOverlap,
  revealRect,
  sceneToPage,
  screenPointsToBox,
  shiftInside,
  viewMatrix,
  zoomAbout,
  zoomLimits,
  clampPan,
  rotatedSize,
  screenToPage,
  type Rect,
  type Rotation,
  type Size,
  type View,
  type XY,
} from './view';

export type { Tone };

/** One field's box on the page (page-image pixels). */
export interface OverlayBox {
  key: string;
  box: Box;
  tone: Tone;
  label: string;
}

/** Imperative handle for global keyboard shortcuts. */
export interface PageCanvasApi {
  zoomIn(): void;
  zoomOut(): void;
  fit(): void;
  /** Move the page on screen by (dx, dy) CSS pixels (like dragging it). */
  pan(dx: number, dy: number): void;
}

/** What the canvas currently shows, reported after every render. */
export interface OverlayState {
  /** CSS pixels per page-image pixel (the viewport transform's scale). */
  zoom: number;
  /** The zoom that fits the whole (rotated) page in the container. */
  fitZoom: number;
  rotation: Rotation;
  /** The focused box as drawn, read back from the fabric object, in page-image pixels. */
  focusedBox: Box | null;
  /** The focused box on screen, CSS pixels relative to the browser viewport. */
  focusedScreen: Rect | null;
  /** The page image on screen, CSS pixels relative to the browser viewport (null until it is loaded). */
  imageScreen: Rect | null;
  /** The label to show (hovered box, else the focused one), anchored at its box's top-left in canvas CSS px. */
  label: { text: string; x: number; y: number } | null;
  imageError: boolean;
}

export interface OverlayCallbacks {
  onselect?: (key: string) => void;
  onboxchange?: (key: string, box: Box) => void;
  onstate?: (state: OverlayState) => void;
}

const FOCUS = { stroke: '#db2777', fill: 'rgba(219, 39, 119, 0.16)' };
const DRAW = { stroke: '#db2777', fill: 'rgba(219, 39, 119, 0.10)' };
/** Stroke widths in CSS pixels, whatever the zoom. */
const STROKE_PX = 1.5;
const FOCUS_STROKE_PX = 3;
const ZOOM_STEP = 1.25;
/** Size of the resize handles, CSS px. */
const CORNER_PX = 9;
/** A drag shorter than this (CSS px) on either side draws nothing. */
const MIN_DRAW_PX = 4;

type Drag =
  | { kind: 'pan'; last: XY }
  | { kind: 'draw'; key: string; start: XY; end: XY; rect: FabricRect }
  | { kind: 'object' };

export class PageOverlay {
  private readonly el: HTMLCanvasElement;
  private readonly canvas: Canvas;
  private readonly callbacks: OverlayCallbacks;
  private page: Size = { width: 1, height: 1 };
  private rot: Rotation = 0;
  private container: Size = { width: 0, height: 0 };
  private view: View = { zoom: 1, x: 0, y: 0 };
  /** Follow the container with the fit view until the operator zooms or pans. */
  private fitted = true;
  private image: FabricImage | null = null;
  private imageSrc: string | null = null;
  private imageAbort: AbortController | null = null;
  private imageError = false;
  private readonly rects = new Map<string, FabricRect>();
  private readonly boxes = new Map<string, OverlayBox>();
  private readonly keyOf = new WeakMap<FabricObject, string>();
  private focusedKey: string | null = null;
  private drawingKey: string | null = null;
  private editable = false;
  private hoverKey: string | null = null;
  private drag: Drag | null = null;
  private pendingReveal = false;
  private lastState = '';
  private disposed = false;

  /** Box colours of the field tones, read once from the page's CSS (src/app.css `--tone-*`). */
  private readonly tones: Record<Tone, ToneColour>;

  constructor(host: HTMLElement, callbacks: OverlayCallbacks) {
    this.callbacks = callbacks;
    const style = getComputedStyle(host);
    this.tones = readToneColours((p) => style.getPropertyValue(p));
    this.el = document.createElement('canvas');
    host.append(this.el);
    this.canvas = new Canvas(this.el, {
      selection: false,
      preserveObjectStacking: true,
      uniformScaling: false,
      renderOnAddRemove: false,
      enableRetinaScaling: true,
      stopContextMenu: true,
      targetFindTolerance: 4,
      defaultCursor: 'grab',
      hoverCursor: 'pointer',
      moveCursor: 'move',
    });
    this.canvas.on('mouse:down', this.onDown);
    this.canvas.on('mouse:move', this.onMove);
    this.canvas.on('mouse:up', this.onUp);
    this.canvas.on('mouse:wheel', this.onWheel);
    this.canvas.on('mouse:over', this.onOver);
    this.canvas.on('mouse:out', this.onOut);
    this.canvas.on('object:modified', this.onModified);
    this.canvas.on('after:render', this.emitState);
    window.addEventListener('scroll', this.emitState, { capture: true, passive: true });
  }

  // ---- inputs ----

  /** The page image (object URL) and its natural size; boxes are in this size's pixels. */
  setPage(src: string, width: number, height: number): void {
    const size = { width: Math.max(1, width), height: Math.max(1, height) };
    if (size.width !== this.page.width || size.height !== this.page.height) {
      this.page = size;
      this.layout();
      if (this.fitted) this.fit();
      else this.setView(this.view);
    }
    if (src !== this.imageSrc) this.loadImage(src);
  }

  setRotation(rot: Rotation): void {
    if (rot === this.rot) return;
    // Keep the page point at the centre of the container where it is, at the same zoom.
    const centre = { x: this.container.width / 2, y: this.container.height / 2 };
    const anchor = screenToPage(centre, this.page, this.rot, this.view);
    this.rot = rot;
    this.layout();
    if (this.fitted) {
      this.fit();
    } else {
      const s = pageToScene(anchor, this.page, rot);
      const z = clampZoom(this.view.zoom, zoomLimits(this.fitZoom()));
      this.setView({ zoom: z, x: centre.x - s.x * z, y: centre.y - s.y * z });
    }
  }

  /** Replace the boxes (objects are reused by key) and the focused key; reveals a newly focused box. */
  setBoxes(boxes: readonly OverlayBox[], focusedKey: string | null): void {
    const seen = new Set<string>();
    for (const b of boxes) {
      seen.add(b.key);
      const copy: OverlayBox = {
        key: b.key,
        box: [b.box[0], b.box[1], b.box[2], b.box[3]],
        tone: b.tone,
        label: b.label,
      };
      const prev = this.boxes.get(b.key);
      this.boxes.set(b.key, copy);
      let rect = this.rects.get(b.key);
      if (!rect) {
        rect = this.makeRect();
        this.keyOf.set(rect, b.key);
        this.rects.set(b.key, rect);
        this.canvas.add(rect);
      }
      const moving = this.drag?.kind === 'object' && this.canvas.getActiveObject() === rect;
      if (!moving && (!prev || !sameBox(prev.box, copy.box) || !rect.width)) this.placeRect(rect, copy.box);
    }
    for (const [key, rect] of this.rects) {
      if (seen.has(key)) continue;
      this.canvas.remove(rect);
      this.rects.delete(key);
      this.boxes.delete(key);
      if (this.hoverKey === key) this.hoverKey = null;
    }
    const focusChanged = focusedKey !== this.focusedKey;
    this.focusedKey = focusedKey;
    this.styleAll();
    if ((focusChanged || this.pendingReveal) && focusedKey !== null) this.revealFocus();
    this.canvas.requestRenderAll();
  }

  /** When non-null, a drag on the canvas draws a new box for that key. */
  setDrawingKey(key: string | null): void {
    if (key === this.drawingKey) return;
    this.drawingKey = key;
    this.canvas.skipTargetFind = key !== null;
    this.canvas.defaultCursor = key !== null ? 'crosshair' : 'grab';
    this.canvas.setCursor(this.canvas.defaultCursor);
    this.styleAll();
    this.canvas.requestRenderAll();
  }

  /** Whether the focused box may be moved and resized (the parent listens to box changes). */
  setEditable(editable: boolean): void {
    if (editable === this.editable) return;
    this.editable = editable;
    this.styleAll();
    this.canvas.requestRenderAll();
  }

  /** The container's size in CSS pixels. */
  resize(width: number, height: number): void {
    const w = Math.max(0, Math.floor(width));
    const h = Math.max(0, Math.floor(height));
    if (w === this.container.width && h === this.container.height) return;
    this.container = { width: w, height: h };
    this.canvas.setDimensions({ width: w, height: h });
    if (this.fitted) this.fit();
    else this.setView(this.view);
    if (this.pendingReveal) this.revealFocus();
  }

  // ---- view commands ----

  fit(): void {
    if (this.disposed) return;
    this.fitted = true;
    this.setView(fitView(this.page, this.rot, this.container), false);
  }

  zoomIn(): void {
    if (this.disposed) return;
    this.zoomTo(this.view.zoom * ZOOM_STEP, this.keyboardAnchor());
  }

  zoomOut(): void {
    if (this.disposed) return;
    this.zoomTo(this.view.zoom / ZOOM_STEP, this.keyboardAnchor());
  }

  pan(dx: number, dy: number): void {
    if (this.disposed) return;
    this.fitted = false;
    this.setView(panBy(this.view, dx, dy));
  }

  /** Zoom to `zoom` (CSS px per page pixel, clamped) keeping the canvas point `anchor` fixed. */
  zoomTo(zoom: number, anchor: XY): void {
    if (this.disposed) return;
    const z = clampZoom(zoom, zoomLimits(this.fitZoom()));
    if (z === this.view.zoom) return;
    this.fitted = false;
    this.setView(zoomAbout(this.view, z, anchor));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.imageAbort?.abort();
    window.removeEventListener('scroll', this.emitState, { capture: true });
    this.canvas.off();
    const el = this.el;
    void this.canvas.dispose().then(() => {
      el.remove();
    });
  }

  // ---- internals ----

  private fitZoom(): number {
    return fitView(this.page, this.rot, this.container).zoom;
  }

  private setView(v: View, clamp = true): void {
    const next = clamp ? clampPan(v, this.page, this.rot, this.container) : v;
    const zoomChanged = next.zoom !== this.view.zoom;
    this.view = next;
    this.canvas.setViewportTransform(viewMatrix(next));
    if (zoomChanged) this.styleAll();
    this.canvas.requestRenderAll();
  }

  private loadImage(src: string): void {
    this.imageAbort?.abort();
    const abort = new AbortController();
    this.imageAbort = abort;
    this.imageSrc = src;
    this.imageError = false;
    FabricImage.fromURL(
      src,
      { signal: abort.signal },
      { selectable: false, evented: false, objectCaching: false },
    )
      .then((img) => {
        if (abort.signal.aborted || this.disposed) return;
        if (this.image) this.canvas.remove(this.image);
        this.image = img;
        this.canvas.insertAt(0, img);
        this.layoutImage();
        this.canvas.requestRenderAll();
      })
      .catch((err: unknown) => {
        if (abort.signal.aborted || this.disposed) return;
        console.error('PageCanvas: cannot load the page image', err);
        if (this.image) this.canvas.remove(this.image);
        this.image = null;
        this.imageError = true;
        this.canvas.requestRenderAll();
      });
  }

  /** Places the image and every box for the current page size and rotation. */
  private layout(): void {
    this.layoutImage();
    for (const [key, rect] of this.rects) {
      const b = this.boxes.get(key);
      if (b) this.placeRect(rect, b.box);
    }
  }

  private layoutImage(): void {
    const img = this.image;
    if (!img) return;
    const s = rotatedSize(this.page, this.rot);
    img.set({
      originX: 'center',
      originY: 'center',
      left: s.width / 2,
      top: s.height / 2,
      angle: this.rot,
      scaleX: this.page.width / Math.max(1, img.width),
      scaleY: this.page.height / Math.max(1, img.height),
    });
    img.setCoords();
  }

  private makeRect(): FabricRect {
    const rect = new FabricRect({
      originX: 'center',
      originY: 'center',
      strokeUniform: true,
      objectCaching: false,
      lockRotation: true,
      lockScalingFlip: true,
      lockSkewingX: true,
      lockSkewingY: true,
      hasBorders: false,
      transparentCorners: false,
      cornerSize: CORNER_PX,
      cornerStyle: 'circle',
      cornerColor: '#ffffff',
      cornerStrokeColor: FOCUS.stroke,
      selectable: false,
      strokeLineJoin: 'miter',
    });
    rect.setControlsVisibility({ mtr: false });
    return rect;
  }

  /** Puts a rect on a page box: centre origin, angle = rotation, so its local axes are the page's axes. */
  private placeRect(rect: FabricRect, box: Box): void {
    const o = boxToObject(box, this.page, this.rot);
    rect.set({
      left: o.center.x,
      top: o.center.y,
      width: o.width,
      height: o.height,
      scaleX: 1,
      scaleY: 1,
      skewX: 0,
      skewY: 0,
      angle: this.rot,
    });
    rect.setCoords();
  }

  /** Colours, stroke widths (constant in CSS px), interactivity, stacking and the active object. */
  private styleAll(): void {
    const zoom = this.view.zoom || 1;
    for (const [key, rect] of this.rects) {
      const b = this.boxes.get(key);
      if (!b) continue;
      const focused = key === this.focusedKey;
      const editable = focused && this.editable && this.drawingKey === null;
      const colours = focused ? FOCUS : this.tones[b.tone];
      rect.set({
        stroke: colours.stroke,
        fill: colours.fill,
        strokeWidth: (focused ? FOCUS_STROKE_PX : STROKE_PX) / zoom,
        selectable: editable,
        hoverCursor: editable ? 'move' : 'pointer',
      });
    }
    const draw = this.drag?.kind === 'draw' ? this.drag.rect : null;
    if (draw) draw.set({ strokeWidth: FOCUS_STROKE_PX / zoom });
    const focused = this.focusedKey !== null ? this.rects.get(this.focusedKey) : undefined;
    const focusedBox = this.focusedKey !== null ? this.boxes.get(this.focusedKey) : undefined;
    if (focused && focusedBox) {
      // Side handles only where there is room between the corner handles, so they never hide a small box.
      const r = boxToScreen(focusedBox.box, this.page, this.rot, this.view);
      const room = 3 * CORNER_PX;
      const across = this.rot === 90 || this.rot === 270;
      const wide = (across ? r.height : r.width) >= room;
      const tall = (across ? r.width : r.height) >= room;
      focused.setControlsVisibility({ mtr: false, mt: wide, mb: wide, ml: tall, mr: tall });
      this.canvas.bringObjectToFront(focused);
    }
    if (draw) this.canvas.bringObjectToFront(draw);
    const want = focused && this.editable && this.drawingKey === null ? focused : undefined;
    const active = this.canvas.getActiveObject();
    if (want && active !== want) this.canvas.setActiveObject(want);
    else if (!want && active) this.canvas.discardActiveObject();
  }

  private revealFocus(): void {
    const b = this.focusedKey !== null ? this.boxes.get(this.focusedKey) : undefined;
    if (!b || this.container.width === 0 || this.container.height === 0) {
      this.pendingReveal = true;
      return;
    }
    this.pendingReveal = false;
    const r = boxToScreen(b.box, this.page, this.rot, this.view);
    const inside =
      r.x >= 0 &&
      r.y >= 0 &&
      r.x + r.width <= this.container.width &&
      r.y + r.height <= this.container.height;
    if (inside) return;
    this.fitted = false;
    this.setView(revealRect(this.view, r, this.container));
  }

  /** Keyboard zoom keeps the focused box's centre fixed when it is on screen, else the container's centre. */
  private keyboardAnchor(): XY {
    const centre = { x: this.container.width / 2, y: this.container.height / 2 };
    const b = this.focusedKey !== null ? this.boxes.get(this.focusedKey) : undefined;
    if (!b) return centre;
    const r = boxToScreen(b.box, this.page, this.rot, this.view);
    const screen = { x: 0, y: 0, width: this.container.width, height: this.container.height };
    if (!rectsOverlap(r, screen)) return centre;
    return {
      x: Math.min(screen.width, Math.max(0, r.x + r.width / 2)),
      y: Math.min(screen.height, Math.max(0, r.y + r.height / 2)),
    };
  }

  private pageAt(scenePoint: XY): XY {
    return clampPoint(sceneToPage(scenePoint, this.page, this.rot), this.page);
  }

  /** A fabric object's rectangle (local ±width/2, ±height/2) through its own transform and the viewport. */
  private objectCorners(obj: FabricObject): XY[] {
    const m = util.multiplyTransformMatrices(this.canvas.viewportTransform, obj.calcTransformMatrix());
    const w = obj.width / 2;
    const h = obj.height / 2;
    return [new Point(-w, -h), new Point(w, -h), new Point(w, h), new Point(-w, h)].map((corner) => {
      const p = corner.transform(m);
      return { x: p.x, y: p.y };
    });
  }

  /** The box as drawn: the object's corners on screen mapped back through the viewport and the rotation. */
  private drawnBox(obj: FabricObject): Box {
    return screenPointsToBox(this.objectCorners(obj), this.page, this.rot, this.view);
  }

  // ---- fabric events (arrow functions: bound once, removed by canvas.off()) ----

  private readonly onDown = (opt: TPointerEventInfo): void => {
    if (this.drawingKey !== null) {
      const start = this.pageAt(opt.scenePoint);
      const rect = this.makeRect();
      rect.set({
        evented: false,
        stroke: DRAW.stroke,
        fill: DRAW.fill,
        strokeWidth: FOCUS_STROKE_PX / (this.view.zoom || 1),
        strokeDashArray: [6, 4],
      });
      this.placeRect(rect, [start.x, start.y, 0, 0]);
      this.canvas.add(rect);
      this.drag = { kind: 'draw', key: this.drawingKey, start, end: start, rect };
      this.canvas.requestRenderAll();
      return;
    }
    const key = opt.target ? this.keyOf.get(opt.target) : undefined;
    if (key !== undefined) {
      this.drag = { kind: 'object' };
      if (key !== this.focusedKey) this.callbacks.onselect?.(key);
      return;
    }
    this.drag = { kind: 'pan', last: { x: opt.viewportPoint.x, y: opt.viewportPoint.y } };
    this.canvas.setCursor('grabbing');
  };

  private readonly onMove = (opt: TPointerEventInfo): void => {
    const drag = this.drag;
    if (!drag) return;
    if (drag.kind === 'pan') {
      const p = opt.viewportPoint;
      const dx = p.x - drag.last.x;
      const dy = p.y - drag.last.y;
      drag.last = { x: p.x, y: p.y };
      if (dx !== 0 || dy !== 0) this.pan(dx, dy);
      this.canvas.setCursor('grabbing');
    } else if (drag.kind === 'draw') {
      drag.end = this.pageAt(opt.scenePoint);
      this.placeRect(drag.rect, boxFromCorners(drag.start, drag.end));
      this.canvas.requestRenderAll();
    }
  };

  private readonly onUp = (): void => {
    const drag = this.drag;
    this.drag = null;
    if (!drag) return;
    if (drag.kind === 'pan') {
      this.canvas.setCursor(this.canvas.defaultCursor);
      this.styleAll(); // a click on the background discarded the focused box's handles: restore them
      this.canvas.requestRenderAll();
    } else if (drag.kind === 'draw') {
      this.canvas.remove(drag.rect);
      this.canvas.requestRenderAll();
      const raw = boxFromCorners(drag.start, drag.end);
      if (raw[2] * this.view.zoom < MIN_DRAW_PX || raw[3] * this.view.zoom < MIN_DRAW_PX) return;
      this.callbacks.onboxchange?.(drag.key, clampBox(raw, this.page));
    }
  };

  private readonly onWheel = (opt: TPointerEventInfo<WheelEvent>): void => {
    const e = opt.e;
    e.preventDefault();
    e.stopPropagation();
    const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? this.container.height : 1;
    const factor = Math.exp(-e.deltaY * unit * 0.0015);
    this.zoomTo(this.view.zoom * factor, { x: opt.viewportPoint.x, y: opt.viewportPoint.y });
  };

  private readonly onOver = (opt: TPointerEventInfo): void => {
    const key = opt.target ? this.keyOf.get(opt.target) : undefined;
    if (key === undefined || key === this.hoverKey) return;
    this.hoverKey = key;
    this.emitState();
  };

  private readonly onOut = (opt: TPointerEventInfo): void => {
    const key = opt.target ? this.keyOf.get(opt.target) : undefined;
    if (key === undefined || key !== this.hoverKey) return;
    this.hoverKey = null;
    this.emitState();
  };

  private readonly onModified = (opt: ModifiedEvent): void => {
    const key = this.keyOf.get(opt.target);
    if (key === undefined || key !== this.focusedKey) return;
    const b = this.boxes.get(key);
    const rect = this.rects.get(key);
    if (!b || !rect) return;
    const drawn = this.drawnBox(rect);
    const box = opt.action === 'drag' ? shiftInside(drawn, this.page) : clampBox(drawn, this.page);
    b.box = box;
    this.placeRect(rect, box);
    this.canvas.requestRenderAll();
    this.callbacks.onboxchange?.(key, box);
  };

  private readonly emitState = (): void => {
    if (this.disposed) return;
    const origin = this.el.getBoundingClientRect();
    const toClient = (r: Rect): Rect => ({
      x: r.x + origin.left,
      y: r.y + origin.top,
      width: r.width,
      height: r.height,
    });
    const focusedRect = this.focusedKey !== null ? this.rects.get(this.focusedKey) : undefined;
    const labelKey = this.hoverKey ?? this.focusedKey;
    const labelBox = labelKey !== null ? this.boxes.get(labelKey) : undefined;
    const labelRect = labelBox ? boxToScreen(labelBox.box, this.page, this.rot, this.view) : null;
    const state: OverlayState = {
      zoom: this.view.zoom,
      fitZoom: this.fitZoom(),
      rotation: this.rot,
      focusedBox: focusedRect ? this.drawnBox(focusedRect) : null,
      focusedScreen: focusedRect ? toClient(boundsOf(this.objectCorners(focusedRect))) : null,
      imageScreen: this.image ? toClient(boundsOf(this.objectCorners(this.image))) : null,
      label:
        labelBox && labelRect && labelBox.label !== ''
          ? { text: labelBox.label, x: labelRect.x, y: labelRect.y }
          : null,
      imageError: this.imageError,
    };
    const key = JSON.stringify(state);
    if (key === this.lastState) return;
    this.lastState = key;
    this.callbacks.onstate?.(state);
  };
}

function sameBox(a: Box, b: Box): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];
}
