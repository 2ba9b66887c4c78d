// Generic virtual methods: the implementation depends on the object's class and the method's
// type arguments together (used by the runtime test of the GenericVirtualLookup helper).
public class Shape {
  public virtual string Describe<T>(T tag) { return "shape " + tag; }
}
public class Circle : Shape {
  public override string Describe<T>(T tag) { return "circle " + tag; }
}
public interface ITagger { string Tag<T>(T x); }
public class Tagger : ITagger { public string Tag<T>(T x) { return "<" + x + ">"; } }
