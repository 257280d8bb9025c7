/**
 * The meeting-room level tree of a tenant (vc/v1 room_levels), derived from its
 * rooms: each room's `roomLevel` names a path from the top (building → floor …),
 * every prefix of a path is a level, and the tenant itself is the root.
 * Level ids are `omb_` + 32 hex, stable digests of tenant and path, so nothing
 * about levels needs storing.
 */
import { sha256 } from '../ids.js';
import type { Room } from '../tenancy/model.js';

export interface RoomLevel {
  roomLevelId: string;
  name: string;
  /** '' for the tenant level. */
  parentId: string;
  /** Ids of the ancestors from the tenant level down, not the level itself. */
  path: string[];
  hasChild: boolean;
  /** The level's names joined by "/" (`HQ/3`), as written in the fixture; '' for the tenant level. */
  customGroupId: string;
  names: string[];
}

/** The docs accept `0` for the tenant level (room_level get). */
export const TENANT_LEVEL_ALIAS = '0';

export function levelIdOf(tenantKey: string, names: readonly string[]): string {
  return `omb_${sha256(`room-level:${tenantKey}:${JSON.stringify(names)}`).slice(0, 32)}`;
}

export class LevelTree {
  private readonly byId = new Map<string, RoomLevel>();
  readonly root: RoomLevel;

  constructor(private readonly tenantKey: string, tenantName: string, rooms: readonly Room[]) {
    this.root = this.add(tenantName, []);
    for (const room of rooms) {
      for (let depth = 1; depth <= room.roomLevel.length; depth++) this.add(room.roomLevel[depth - 1]!, room.roomLevel.slice(0, depth));
    }
  }

  private add(name: string, names: string[]): RoomLevel {
    const id = levelIdOf(this.tenantKey, names);
    const known = this.byId.get(id);
    if (known) return known;
    const parent = names.length === 0 ? undefined : this.byId.get(levelIdOf(this.tenantKey, names.slice(0, -1)));
    if (parent) parent.hasChild = true;
    const level: RoomLevel = {
      roomLevelId: id, name, parentId: parent?.roomLevelId ?? '', path: parent ? [...parent.path, parent.roomLevelId] : [],
      hasChild: false, customGroupId: names.join('/'), names,
    };
    this.byId.set(id, level);
    return level;
  }

  get(id: string): RoomLevel | undefined {
    return id === TENANT_LEVEL_ALIAS ? this.root : this.byId.get(id);
  }

  /** Direct sub-levels, in name order. */
  children(level: RoomLevel): RoomLevel[] {
    return [...this.byId.values()].filter((l) => l.parentId === level.roomLevelId).sort((a, b) => a.name.localeCompare(b.name) || a.roomLevelId.localeCompare(b.roomLevelId));
  }

  /** The level a room sits at (every room's path is in the tree: the constructor added it). */
  levelOf(room: Room): RoomLevel {
    return this.byId.get(levelIdOf(this.tenantKey, room.roomLevel))!;
  }

  /** Whether `room` sits at `level` or anywhere below it. */
  contains(level: RoomLevel, room: Room): boolean {
    return level.names.every((name, i) => room.roomLevel[i] === name) && room.roomLevel.length >= level.names.length;
  }

  /** Levels whose custom id (`HQ/3`) is one of `customIds`, in the order asked. */
  byCustomIds(customIds: readonly string[]): RoomLevel[] {
    const all = [...this.byId.values()];
    return customIds.flatMap((c) => all.filter((l) => l !== this.root && l.customGroupId === c));
  }
}
