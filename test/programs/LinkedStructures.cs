using System;
using System.Collections;
using System.Collections.Generic;
using System.Text;
// Hand-written generic data structures: a doubly linked list with enumeration and removal,
// an array-backed stack and circular queue that grow, a hash map with chaining, and an LRU
// cache built from the map and the list.
class DList<T> : IEnumerable<T> {
  public class Node { public T Value; public Node Prev, Next; }
  Node head, tail; public int Count { get; private set; }
  public Node AddLast(T v) { var n = new Node { Value = v, Prev = tail }; if (tail == null) head = n; else tail.Next = n; tail = n; Count++; return n; }
  public Node AddFirst(T v) { var n = new Node { Value = v, Next = head }; if (head == null) tail = n; else head.Prev = n; head = n; Count++; return n; }
  public void Remove(Node n) { if (n.Prev != null) n.Prev.Next = n.Next; else head = n.Next; if (n.Next != null) n.Next.Prev = n.Prev; else tail = n.Prev; n.Prev = n.Next = null; Count--; }
  public Node First { get { return head; } }
  public Node Last { get { return tail; } }
  public void Reverse() { var cur = head; while (cur != null) { var nx = cur.Next; cur.Next = cur.Prev; cur.Prev = nx; cur = nx; } var t = head; head = tail; tail = t; }
  public IEnumerator<T> GetEnumerator() { for (var n = head; n != null; n = n.Next) yield return n.Value; }
  IEnumerator IEnumerable.GetEnumerator() { return GetEnumerator(); }
}
class ArrayStack<T> {
  T[] items = new T[2]; int n;
  public void Push(T x) { if (n == items.Length) Array.Resize(ref items, n * 2); items[n++] = x; }
  public T Pop() { if (n == 0) throw new InvalidOperationException("stack is empty"); T x = items[--n]; items[n] = default(T); return x; }
  public int Count { get { return n; } } public int Capacity { get { return items.Length; } }
}
class RingQueue<T> {
  T[] buf = new T[4]; int head, count;
  public void Enqueue(T x) {
    if (count == buf.Length) { var nb = new T[buf.Length * 2]; for (int i = 0; i < count; i++) nb[i] = buf[(head + i) % buf.Length]; buf = nb; head = 0; }
    buf[(head + count++) % buf.Length] = x;
  }
  public T Dequeue() { if (count == 0) throw new InvalidOperationException("queue is empty"); T x = buf[head]; buf[head] = default(T); head = (head + 1) % buf.Length; count--; return x; }
  public int Count { get { return count; } }
}
class ChainedMap<K, V> {
  struct Entry { public K Key; public V Value; public int Next; }
  int[] buckets = new int[8]; Entry[] entries = new Entry[8]; int count;
  public ChainedMap() { for (int i = 0; i < buckets.Length; i++) buckets[i] = -1; }
  int Bucket(K k, int len) { return (EqualityComparer<K>.Default.GetHashCode(k) & 0x7fffffff) % len; }
  public void Put(K k, V v) {
    for (int i = buckets[Bucket(k, buckets.Length)]; i >= 0; i = entries[i].Next) if (EqualityComparer<K>.Default.Equals(entries[i].Key, k)) { entries[i].Value = v; return; }
    if (count == entries.Length) Grow();
    int b = Bucket(k, buckets.Length);
    entries[count] = new Entry { Key = k, Value = v, Next = buckets[b] }; buckets[b] = count++;
  }
  void Grow() {
    Array.Resize(ref entries, entries.Length * 2); buckets = new int[buckets.Length * 2];
    for (int i = 0; i < buckets.Length; i++) buckets[i] = -1;
    for (int i = 0; i < count; i++) { int b = Bucket(entries[i].Key, buckets.Length); entries[i].Next = buckets[b]; buckets[b] = i; }
  }
  public bool TryGet(K k, out V v) {
    for (int i = buckets[Bucket(k, buckets.Length)]; i >= 0; i = entries[i].Next) if (EqualityComparer<K>.Default.Equals(entries[i].Key, k)) { v = entries[i].Value; return true; }
    v = default(V); return false;
  }
  public int Count { get { return count; } }
  public int LongestChain() { int best = 0; foreach (int h in buckets) { int n = 0; for (int i = h; i >= 0; i = entries[i].Next) n++; best = Math.Max(best, n); } return best; }
}
class LruCache<K, V> {
  readonly int capacity; readonly Dictionary<K, DList<KeyValuePair<K, V>>.Node> map = new Dictionary<K, DList<KeyValuePair<K, V>>.Node>();
  readonly DList<KeyValuePair<K, V>> order = new DList<KeyValuePair<K, V>>();
  public int Hits, Misses;
  public LruCache(int cap) { capacity = cap; }
  public V Get(K key, Func<K, V> load) {
    DList<KeyValuePair<K, V>>.Node n;
    if (map.TryGetValue(key, out n)) { Hits++; order.Remove(n); map[key] = order.AddFirst(n.Value); return n.Value.Value; }
    Misses++; V v = load(key);
    if (map.Count == capacity) { var old = order.Last; order.Remove(old); map.Remove(old.Value.Key); }
    map[key] = order.AddFirst(new KeyValuePair<K, V>(key, v));
    return v;
  }
  public string Keys() { var sb = new StringBuilder(); foreach (var kv in order) sb.Append(kv.Key).Append(' '); return sb.ToString().Trim(); }
}
class LinkedStructures {
  static void Main() {
    var list = new DList<string>();
    var nodes = new List<DList<string>.Node>();
    foreach (var w in "alpha beta gamma delta epsilon".Split(' ')) nodes.Add(list.AddLast(w));
    list.AddFirst("zero"); list.Remove(nodes[2]); list.Remove(nodes[4]);
    Console.WriteLine(list.Count + ": " + string.Join(" <-> ", list));
    list.Reverse(); Console.WriteLine("reversed: " + string.Join(" ", list) + " first=" + list.First.Value + " last=" + list.Last.Value);
    var st = new ArrayStack<int>(); for (int i = 1; i <= 10; i++) st.Push(i * i);
    Console.Write("pop:"); while (st.Count > 3) Console.Write(" " + st.Pop()); Console.WriteLine(" (capacity " + st.Capacity + ")");
    var empty = new ArrayStack<string>(); try { empty.Pop(); } catch (InvalidOperationException e) { Console.WriteLine(e.Message); }
    var q = new RingQueue<char>(); foreach (char c in "abcdef") q.Enqueue(c);
    Console.Write(q.Dequeue()); Console.Write(q.Dequeue()); foreach (char c in "ghijk") q.Enqueue(c);
    var sb = new StringBuilder(); while (q.Count > 0) sb.Append(q.Dequeue()); Console.WriteLine(" then " + sb);
    var map = new ChainedMap<string, int>();
    for (int i = 0; i < 500; i++) map.Put("key" + (i % 300), i);
    int v; Console.WriteLine(map.Count + " " + map.TryGet("key42", out v) + " " + v + " " + map.TryGet("nope", out v) + " " + v + " chain<=" + (map.LongestChain() <= 12));
    var pm = new ChainedMap<int, string>(); for (int i = -5; i <= 5; i++) pm.Put(i * 1000, "v" + i);
    string sv; pm.TryGet(-3000, out sv); Console.WriteLine(pm.Count + " " + sv);
    var cache = new LruCache<int, long>(3); int loads = 0;
    Func<int, long> slow = k => { loads++; long f = 1; for (int i = 2; i <= k; i++) f *= i; return f; };
    foreach (int k in new[] { 5, 10, 5, 15, 20, 5, 10, 15, 15, 20 }) Console.Write(cache.Get(k, slow) % 1000 + " ");
    Console.WriteLine();
    Console.WriteLine("hits {0} misses {1} loads {2} order [{3}]", cache.Hits, cache.Misses, loads, cache.Keys());
  }
}
