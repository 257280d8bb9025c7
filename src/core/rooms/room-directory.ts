/**
 * The meeting-room directory of vc/v1 (rooms and room_levels: list, get, mget,
 * search), read-only and backed by the fixture's rooms. Errors are the vc
 * family's: 121003 param error, 121004 data not exist.
 */
import { DomainError } from '../errors.js';
import { decodeCursor, encodeCursor } from '../paging.js';
import type { Clock, Needs } from '../ports.js';
import type { Room } from '../tenancy/model.js';
import { LevelTree, type RoomLevel } from './room-levels.js';

export interface RoomView {
  room: Room;
  level: RoomLevel;
}

export interface Page<T> {
  items: T[];
  hasMore: boolean;
  pageToken: string;
}

export interface PageRequest {
  pageSize?: number;
  pageToken?: string;
}

export interface RoomSearch extends PageRequest {
  customRoomIds?: string[];
  keyword?: string;
  roomLevelId?: string;
  /** Also match the keyword against the names of the room's levels. */
  searchLevelName?: boolean;
}

const PAGE_MAX = 100;
const PAGE_DEFAULT = 20;
const ROOM_PAGE = 'vcr_';
const LEVEL_PAGE = 'vcl_';
const MGET_MAX = 100;

const paramError = () => new DomainError('invalid:vc_params');
const notFound = () => new DomainError('not_found:vc_resource');

export class RoomDirectory {
  constructor(
    private readonly store: Needs<'tenancy'>,
    private readonly clock: Clock,
  ) {}

  /** Rooms at the level or anywhere below it; no level = every room of the tenant. */
  async listRooms(tenantKey: string, request: PageRequest & { roomLevelId?: string }): Promise<Page<RoomView>> {
    const { tree, rooms } = await this.load(tenantKey);
    const level = request.roomLevelId ? this.level(tree, request.roomLevelId) : tree.root;
    return this.page(ROOM_PAGE, rooms.filter((r) => tree.contains(level, r)).map((room) => ({ room, level: tree.levelOf(room) })), request);
  }

  async getRoom(tenantKey: string, roomId: string): Promise<RoomView> {
    const { tree, rooms } = await this.load(tenantKey);
    const room = rooms.find((r) => r.roomId === roomId);
    if (!room) throw notFound();
    return { room, level: tree.levelOf(room) };
  }

  /** Known rooms in the order asked; unknown ids are left out. */
  async mgetRooms(tenantKey: string, roomIds: readonly string[]): Promise<RoomView[]> {
    if (roomIds.length === 0 || roomIds.length > MGET_MAX) throw paramError();
    const { tree, rooms } = await this.load(tenantKey);
    return [...new Set(roomIds)].flatMap((id) => rooms.filter((r) => r.roomId === id).map((room) => ({ room, level: tree.levelOf(room) })));
  }

  /**
   * Case-insensitive substring match of `keyword` on the room name (and level names
   * when asked), within `roomLevelId`'s subtree. larkcal rooms have no custom ids,
   * so `custom_room_ids` matches none.
   */
  async searchRooms(tenantKey: string, request: RoomSearch): Promise<Page<RoomView>> {
    const { tree, rooms } = await this.load(tenantKey);
    const level = request.roomLevelId ? this.level(tree, request.roomLevelId) : tree.root;
    const keyword = request.keyword?.toLowerCase() ?? '';
    const matches = rooms.filter((room) => {
      if (!tree.contains(level, room)) return false;
      if (request.customRoomIds && request.customRoomIds.length > 0) return false;
      if (keyword === '') return true;
      const names = request.searchLevelName ? [room.name, ...room.roomLevel] : [room.name];
      return names.some((n) => n.toLowerCase().includes(keyword));
    });
    return this.page(ROOM_PAGE, matches.map((room) => ({ room, level: tree.levelOf(room) })), request);
  }

  /** The sub-levels of a level; no level = those of the tenant level. */
  async listLevels(tenantKey: string, request: PageRequest & { roomLevelId?: string }): Promise<Page<RoomLevel>> {
    const { tree } = await this.load(tenantKey);
    const level = request.roomLevelId ? this.level(tree, request.roomLevelId) : tree.root;
    return this.page(LEVEL_PAGE, tree.children(level), request);
  }

  async getLevel(tenantKey: string, roomLevelId: string): Promise<RoomLevel> {
    return this.level((await this.load(tenantKey)).tree, roomLevelId);
  }

  async mgetLevels(tenantKey: string, levelIds: readonly string[]): Promise<RoomLevel[]> {
    if (levelIds.length === 0 || levelIds.length > MGET_MAX) throw paramError();
    const { tree } = await this.load(tenantKey);
    return [...new Set(levelIds)].flatMap((id) => tree.get(id) ?? []);
  }

  /** Level ids for custom level ids (comma-separated, as the query parameter carries them). */
  async searchLevels(tenantKey: string, customLevelIds: string): Promise<string[]> {
    const ids = customLevelIds.split(',').map((c) => c.trim()).filter((c) => c !== '');
    if (ids.length === 0) throw paramError();
    return (await this.load(tenantKey)).tree.byCustomIds(ids).map((l) => l.roomLevelId);
  }

  private level(tree: LevelTree, id: string): RoomLevel {
    const level = tree.get(id);
    if (!level) throw notFound();
    return level;
  }

  private async load(tenantKey: string): Promise<{ tree: LevelTree; rooms: Room[] }> {
    const tenant = await this.store.tenancy.getTenant(tenantKey);
    const rooms = await this.store.tenancy.listRooms(tenantKey);
    return { tree: new LevelTree(tenantKey, tenant?.name ?? '', rooms), rooms };
  }

  private page<T>(prefix: string, all: T[], request: PageRequest): Page<T> {
    const size = request.pageSize ?? PAGE_DEFAULT;
    if (!Number.isInteger(size) || size < 1 || size > PAGE_MAX) throw paramError();
    let offset = 0;
    if (request.pageToken) {
      try {
        offset = decodeCursor(prefix, request.pageToken, this.clock.now()).offset;
      } catch {
        throw paramError();
      }
    }
    const items = all.slice(offset, offset + size);
    const hasMore = offset + size < all.length;
    const pageToken = hasMore ? encodeCursor(prefix, { offset: offset + size, head: 0, issuedAt: this.clock.now() }) : '';
    return { items, hasMore, pageToken };
  }
}
