/**
 * How adding a room books it (issue #12 §5; events.md §2.7). `instant`
 * decides within the add call; `async` is what Feishu does: the add answers
 * `needs_action`, and the booking is decided `delayMs` later by the clock
 * (rooms/settlement.ts).
 */
export type RoomBookingMode = 'instant' | 'async';

export type RoomBooking = { mode: 'instant' } | { mode: 'async'; delayMs: number };

export const INSTANT_BOOKING: RoomBooking = { mode: 'instant' };
