// XML through the class library assemblies: LINQ to XML parsing, ordering by attribute,
// building and serialising elements, XmlDocument with XPath, XmlWriter with settings and
// XmlReader streaming.
using System;
using System.Linq;
using System.Xml;
using System.Xml.Linq;
using System.Text;
using System.IO;
static class Program {
  static void Main() {
    var doc = XDocument.Parse("<library><book id='1' year='1999'><title>Alpha</title><author>Ann</author></book><book id='2' year='2005'><title>Beta</title><author>Bob</author></book></library>");
    foreach (var b in doc.Root.Elements("book").OrderByDescending(b => (int)b.Attribute("year"))) Console.WriteLine(b.Attribute("id").Value + ": " + b.Element("title").Value + " by " + (string)b.Element("author"));
    doc.Root.Add(new XElement("book", new XAttribute("id", 3), new XAttribute("year", 2020), new XElement("title", "Gamma & Co"), new XElement("author", "Cy")));
    Console.WriteLine(doc.Descendants("title").Count() + " " + doc.Root.Elements().Last().ToString(SaveOptions.DisableFormatting));
    var xd = new XmlDocument(); xd.LoadXml("<a><b x='1'>t</b><b x='2'/></a>");
    foreach (XmlNode n in xd.SelectNodes("//b")) Console.Write(n.Attributes["x"].Value + ":" + n.InnerText + " "); Console.WriteLine();
    var sb = new StringBuilder(); using (var w = XmlWriter.Create(sb, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = true })) { w.WriteStartElement("root"); w.WriteAttributeString("k", "v"); w.WriteElementString("item", "1 < 2"); w.WriteEndElement(); }
    Console.WriteLine(sb.ToString());
    using (var r = XmlReader.Create(new StringReader("<x><y>1</y><y>2</y></x>"))) { int sum = 0; while (r.Read()) if (r.NodeType == XmlNodeType.Text) sum += int.Parse(r.Value); Console.WriteLine(sum); }
  }
}
