using System;
using System.Collections.Generic;
// Graph algorithms on a small road network: breadth-first and depth-first search, Dijkstra
// with a binary heap, topological sort of a task graph, connected components, and A* on a grid.
class Graph {
  readonly Dictionary<string, List<KeyValuePair<string, int>>> adj = new Dictionary<string, List<KeyValuePair<string, int>>>();
  public void Edge(string a, string b, int w) { Add(a, b, w); Add(b, a, w); }
  void Add(string a, string b, int w) { List<KeyValuePair<string, int>> l; if (!adj.TryGetValue(a, out l)) adj[a] = l = new List<KeyValuePair<string, int>>(); l.Add(new KeyValuePair<string, int>(b, w)); if (!adj.ContainsKey(b)) adj[b] = new List<KeyValuePair<string, int>>(); }
  public IEnumerable<string> Nodes { get { return adj.Keys; } }
  public List<string> Bfs(string start) {
    var order = new List<string>(); var seen = new HashSet<string> { start }; var q = new Queue<string>(); q.Enqueue(start);
    while (q.Count > 0) { var n = q.Dequeue(); order.Add(n); foreach (var e in adj[n]) if (seen.Add(e.Key)) q.Enqueue(e.Key); }
    return order;
  }
  public void Dfs(string n, HashSet<string> seen, List<string> order) { if (!seen.Add(n)) return; order.Add(n); foreach (var e in adj[n]) Dfs(e.Key, seen, order); }
  public Dictionary<string, int> Dijkstra(string src, Dictionary<string, string> prev) {
    var dist = new Dictionary<string, int>(); foreach (var n in adj.Keys) dist[n] = int.MaxValue; dist[src] = 0;
    var heap = new List<KeyValuePair<int, string>> { new KeyValuePair<int, string>(0, src) };
    while (heap.Count > 0) {
      var top = heap[0]; heap[0] = heap[heap.Count - 1]; heap.RemoveAt(heap.Count - 1); SiftDown(heap, 0);
      if (top.Key > dist[top.Value]) continue;
      foreach (var e in adj[top.Value]) {
        int nd = top.Key + e.Value;
        if (nd < dist[e.Key]) { dist[e.Key] = nd; prev[e.Key] = top.Value; heap.Add(new KeyValuePair<int, string>(nd, e.Key)); SiftUp(heap, heap.Count - 1); }
      }
    }
    return dist;
  }
  static bool Less(KeyValuePair<int, string> a, KeyValuePair<int, string> b) { return a.Key < b.Key || (a.Key == b.Key && string.CompareOrdinal(a.Value, b.Value) < 0); }
  static void SiftUp(List<KeyValuePair<int, string>> h, int i) { while (i > 0) { int p = (i - 1) / 2; if (!Less(h[i], h[p])) break; var t = h[i]; h[i] = h[p]; h[p] = t; i = p; } }
  static void SiftDown(List<KeyValuePair<int, string>> h, int i) { while (true) { int l = 2 * i + 1, m = i; if (l < h.Count && Less(h[l], h[m])) m = l; if (l + 1 < h.Count && Less(h[l + 1], h[m])) m = l + 1; if (m == i) return; var t = h[i]; h[i] = h[m]; h[m] = t; i = m; } }
}
class GraphSearch {
  static List<string> TopoSort(Dictionary<string, string[]> deps) {
    var indeg = new SortedDictionary<string, int>(); var users = new Dictionary<string, List<string>>();
    foreach (var kv in deps) { if (!indeg.ContainsKey(kv.Key)) indeg[kv.Key] = 0; foreach (var d in kv.Value) { if (!indeg.ContainsKey(d)) indeg[d] = 0; indeg[kv.Key]++; List<string> u; if (!users.TryGetValue(d, out u)) users[d] = u = new List<string>(); u.Add(kv.Key); } }
    var ready = new SortedSet<string>(); foreach (var kv in indeg) if (kv.Value == 0) ready.Add(kv.Key);
    var order = new List<string>();
    while (ready.Count > 0) { var n = ready.Min; ready.Remove(n); order.Add(n); List<string> u; if (users.TryGetValue(n, out u)) foreach (var x in u) if (--indeg[x] == 0) ready.Add(x); }
    if (order.Count != indeg.Count) throw new InvalidOperationException("cycle detected");
    return order;
  }
  static int AStar(string[] grid) {
    int h = grid.Length, w = grid[0].Length; int sr = 0, sc = 0, gr = 0, gc = 0;
    for (int r = 0; r < h; r++) for (int c = 0; c < w; c++) { if (grid[r][c] == 'S') { sr = r; sc = c; } if (grid[r][c] == 'G') { gr = r; gc = c; } }
    var g = new int[h, w]; for (int r = 0; r < h; r++) for (int c = 0; c < w; c++) g[r, c] = int.MaxValue;
    var open = new List<int[]> { new[] { Math.Abs(sr - gr) + Math.Abs(sc - gc), 0, sr, sc } }; g[sr, sc] = 0;
    int[] dr = { 1, -1, 0, 0 }, dc = { 0, 0, 1, -1 };
    while (open.Count > 0) {
      int best = 0; for (int i = 1; i < open.Count; i++) if (open[i][0] < open[best][0]) best = i;
      var cur = open[best]; open.RemoveAt(best);
      if (cur[2] == gr && cur[3] == gc) return cur[1];
      for (int k = 0; k < 4; k++) {
        int nr = cur[2] + dr[k], nc = cur[3] + dc[k];
        if (nr < 0 || nc < 0 || nr >= h || nc >= w || grid[nr][nc] == '#') continue;
        int ng = cur[1] + 1; if (ng >= g[nr, nc]) continue; g[nr, nc] = ng;
        open.Add(new[] { ng + Math.Abs(nr - gr) + Math.Abs(nc - gc), ng, nr, nc });
      }
    }
    return -1;
  }
  static void Main() {
    var g = new Graph();
    g.Edge("Oslo", "Bergen", 463); g.Edge("Oslo", "Trondheim", 494); g.Edge("Bergen", "Stavanger", 210);
    g.Edge("Oslo", "Kristiansand", 320); g.Edge("Kristiansand", "Stavanger", 234); g.Edge("Trondheim", "Bodo", 712);
    g.Edge("Bergen", "Trondheim", 700); g.Edge("Tromso", "Narvik", 250);
    Console.WriteLine("BFS: " + string.Join(" ", g.Bfs("Oslo")));
    var dfs = new List<string>(); g.Dfs("Stavanger", new HashSet<string>(), dfs); Console.WriteLine("DFS: " + string.Join(" ", dfs));
    var prev = new Dictionary<string, string>(); var dist = g.Dijkstra("Stavanger", prev);
    foreach (var n in new[] { "Oslo", "Bodo", "Tromso", "Bergen" }) {
      if (dist[n] == int.MaxValue) { Console.WriteLine(n + ": unreachable"); continue; }
      var path = new List<string>(); for (var at = n; at != null; at = prev.ContainsKey(at) ? prev[at] : null) path.Insert(0, at);
      Console.WriteLine("{0}: {1} km via {2}", n, dist[n], string.Join(" > ", path));
    }
    var seen = new HashSet<string>(); int comps = 0;
    foreach (var n in g.Nodes) if (!seen.Contains(n)) { comps++; var part = new List<string>(); g.Dfs(n, seen, part); Console.WriteLine("component " + comps + ": " + part.Count + " nodes"); }
    var tasks = new Dictionary<string, string[]> { { "deploy", new[] { "test", "package" } }, { "test", new[] { "compile" } }, { "package", new[] { "compile", "docs" } }, { "compile", new[] { "fetch" } }, { "docs", new string[0] } };
    Console.WriteLine("build order: " + string.Join(" ", TopoSort(tasks)));
    tasks["fetch"] = new[] { "deploy" };
    try { TopoSort(tasks); } catch (InvalidOperationException e) { Console.WriteLine(e.Message); }
    string[] maze = { "S..#......", ".#.#.####.", ".#...#....", ".####.#.#.", "......#.#G" };
    Console.WriteLine("A* steps: " + AStar(maze));
    Console.WriteLine("blocked: " + AStar(new[] { "S#.", "##.", "..G" }));
  }
}
