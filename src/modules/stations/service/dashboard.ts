// The union's view of demand at its stations: what is ordered, where, how it went and how it was rated,
// and who comes in (check-ins per station and day), over a span of days of a subtree.
import { sql } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import { queryRows, type Db } from '../../../platform/db/tx.js';
import { findRegion } from '../../../platform/regions/regions.js';
import { getOrg } from '#modules/orgs';
import type { OrderStatus, ServiceCategory } from '../rules.js';
import { stationOrders, stationServices, stationVisits, stations } from '../schema.js';
import { inScope } from './read.js';

export interface DemandDashboard {
  from: string;
  to: string;
  stations: { open: number; total: number };
  orders: { total: number; byStatus: Partial<Record<OrderStatus, number>>; ratedCount: number; averageRating: number | null };
  byCategory: { category: ServiceCategory; orders: number; done: number }[];
  byService: { serviceId: string; name: string; category: ServiceCategory; orders: number; averageRating: number | null }[];
  /** By the area one level below the union's own (a city's counties, a county's streets). */
  byArea: { regionCode: string; name: string; orders: number; visits: number; stations: number }[];
  visitsByDay: { day: string; visits: number }[];
  topStations: { stationId: string; name: string; visits: number; orders: number }[];
}

/** The region code's length one level down: province 2 → city 4 → county 6 → street 9 → community 12. */
function childRegionLength(code: string): number {
  return ({ 2: 4, 4: 6, 6: 9, 9: 12 } as Record<number, number>)[code.length] ?? code.length;
}

export async function demandDashboard(
  db: Db,
  scope: Scope,
  query: { orgId?: string | undefined; from: string; to: string },
): Promise<DemandDashboard> {
  const org = await getOrg(db, scope, query.orgId ?? scope.orgId);
  const within = inScope({ orgId: org.id, path: org.path });
  const area = childRegionLength(org.regionCode);
  // Orders count by the day they were placed, Asia/Shanghai.
  const orderDay = sql`(${stationOrders.createdAt} at time zone 'Asia/Shanghai')::date`;
  const ordersIn = sql`${stationOrders.stationId} in (select ${stations.id} from ${stations} where ${within}) and ${orderDay} between ${query.from} and ${query.to}`;
  const visitsIn = sql`${stationVisits.stationId} in (select ${stations.id} from ${stations} where ${within}) and ${stationVisits.day} between ${query.from} and ${query.to}`;

  const [counts, statuses, categories, services, areas, days, top] = await Promise.all([
    queryRows<{ open: number; total: number }>(
      db,
      sql`select count(*) filter (where status = 'open')::int as open, count(*)::int as total from ${stations} where ${within}`,
    ),
    queryRows<{ status: OrderStatus; n: number; rated: number; rating: number | null }>(
      db,
      sql`select status, count(*)::int as n, count(rating)::int as rated, sum(rating)::float8 as rating
            from ${stationOrders} where ${ordersIn} group by status`,
    ),
    queryRows<{ category: ServiceCategory; orders: number; done: number }>(
      db,
      sql`select sv.category, count(*)::int as orders, count(*) filter (where ${stationOrders.status} = 'done')::int as done
            from ${stationOrders} join ${stationServices} sv on sv.id = ${stationOrders.serviceId}
           where ${ordersIn} group by sv.category order by orders desc`,
    ),
    queryRows<{ serviceId: string; name: string; category: ServiceCategory; orders: number; averageRating: number | null }>(
      db,
      sql`select sv.id as "serviceId", sv.name, sv.category, count(*)::int as orders, round(avg(${stationOrders.rating}), 2)::float8 as "averageRating"
            from ${stationOrders} join ${stationServices} sv on sv.id = ${stationOrders.serviceId}
           where ${ordersIn} group by sv.id, sv.name, sv.category order by orders desc limit 20`,
    ),
    queryRows<{ regionCode: string; orders: number; visits: number; stations: number }>(
      db,
      sql`select left(${stations.regionCode}, ${area}) as "regionCode", count(*)::int as stations,
                 coalesce(sum(o.n), 0)::int as orders, coalesce(sum(v.n), 0)::int as visits
            from ${stations}
            left join (select ${stationOrders.stationId} as station_id, count(*) as n from ${stationOrders} where ${ordersIn} group by 1) o on o.station_id = ${stations.id}
            left join (select ${stationVisits.stationId} as station_id, count(*) as n from ${stationVisits} where ${visitsIn} group by 1) v on v.station_id = ${stations.id}
           where ${within}
           group by 1 order by orders desc, visits desc`,
    ),
    queryRows<{ day: string; visits: number }>(
      db,
      sql`select ${stationVisits.day}::text as day, count(*)::int as visits from ${stationVisits} where ${visitsIn} group by 1 order by 1`,
    ),
    queryRows<{ stationId: string; name: string; visits: number; orders: number }>(
      db,
      sql`select ${stations.id} as "stationId", ${stations.name} as name,
                 (select count(*) from ${stationVisits} where ${stationVisits.stationId} = ${stations.id} and ${stationVisits.day} between ${query.from} and ${query.to})::int as visits,
                 (select count(*) from ${stationOrders} where ${stationOrders.stationId} = ${stations.id} and ${orderDay} between ${query.from} and ${query.to})::int as orders
            from ${stations} where ${within}
           order by visits desc, orders desc, ${stations.name} limit 10`,
    ),
  ]);
  const total = statuses.reduce((n, s) => n + s.n, 0);
  const rated = statuses.reduce((n, s) => n + s.rated, 0);
  const ratingSum = statuses.reduce((n, s) => n + (s.rating ?? 0), 0);
  return {
    from: query.from,
    to: query.to,
    stations: counts[0] ?? { open: 0, total: 0 },
    orders: {
      total,
      byStatus: Object.fromEntries(statuses.map((s) => [s.status, s.n])),
      ratedCount: rated,
      averageRating: rated > 0 ? Math.round((ratingSum / rated) * 100) / 100 : null,
    },
    byCategory: categories,
    byService: services,
    byArea: areas.map((a) => ({ ...a, name: findRegion(a.regionCode)?.name ?? a.regionCode })),
    visitsByDay: days,
    topStations: top.filter((s) => s.visits > 0 || s.orders > 0),
  };
}
