/** Serialises one item as t:Message / t:MeetingRequest / t:CalendarItem with the properties its shape selects. */
import type { ItemKind } from "../model/types";
import type { XmlWriter } from "../xml/write";
import type { ItemShape, ShapeContext } from "./itemShape";
import { selectProperties } from "./itemShape";
import type { RenderContext } from "./render";

const ELEMENT: Readonly<Record<ItemKind, string>> = {
  message: "t:Message",
  meetingRequest: "t:MeetingRequest",
  calendarItem: "t:CalendarItem",
};

export function writeItem(w: XmlWriter, c: RenderContext, shape: ItemShape, context: ShapeContext): void {
  const element = ELEMENT[c.kind];
  w.open(element);
  for (const p of selectProperties(c.kind, shape, context, c.requestVersion)) p.write(w, c);
  w.close(element);
}
