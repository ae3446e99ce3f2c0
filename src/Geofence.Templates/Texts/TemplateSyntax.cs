using System.Text;

namespace Geofence.Templates;

/// <summary>A piece of a parsed template text.</summary>
internal abstract record TemplatePart;

internal sealed record LiteralPart(string Text) : TemplatePart;

/// <summary>A placeholder, known or not (an unknown one renders empty, so that a bad saved text cannot leak its braces).</summary>
internal sealed record PlaceholderPart(string Name) : TemplatePart;

/// <summary>An optional part: left out whole when a placeholder inside renders empty.</summary>
internal sealed record OptionalPart(IReadOnlyList<TemplatePart> Parts) : TemplatePart;

/// <summary>A template text split into parts, with what is wrong with its syntax (messages for the editor).</summary>
internal sealed record ParsedText(IReadOnlyList<TemplatePart> Parts, IReadOnlyList<string> Problems)
{
    /// <summary>Every placeholder used, in order, with whether it sits inside an optional part.</summary>
    public IEnumerable<(string Name, bool Optional)> Placeholders() =>
        Parts.SelectMany(p => p switch
        {
            PlaceholderPart slot => [(slot.Name, false)],
            OptionalPart optional => optional.Parts.OfType<PlaceholderPart>().Select(s => (s.Name, true)),
            _ => Enumerable.Empty<(string, bool)>(),
        });
}

/// <summary>Parses and fills template texts (syntax in <see cref="Templates.Placeholders"/>).</summary>
internal static class TemplateSyntax
{
    public static ParsedText Parse(string text)
    {
        var problems = new List<string>();
        var top = new List<TemplatePart>();
        List<TemplatePart>? optional = null;
        var optionalStart = 0;
        var literal = new StringBuilder();

        void Flush()
        {
            if (literal.Length == 0) return;
            (optional ?? top).Add(new LiteralPart(literal.ToString()));
            literal.Clear();
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            switch (c)
            {
                case '[' when next == '[':
                case ']' when next == ']':
                    literal.Append(c);
                    i++;
                    break;
                case '[':
                    if (optional is not null)
                    {
                        problems.Add($"Optional parts do not nest: '[' at position {i + 1} is inside the one opened at {optionalStart + 1}; write [[ for a literal bracket.");
                        break;
                    }
                    Flush();
                    optional = [];
                    optionalStart = i;
                    break;
                case ']':
                    if (optional is null)
                    {
                        problems.Add($"Unbalanced brackets: ']' at position {i + 1} closes no optional part; write ]] for a literal bracket.");
                        break;
                    }
                    Flush();
                    top.Add(new OptionalPart(optional));
                    optional = null;
                    break;
                case '{':
                    var close = text.IndexOfAny(['}', '{', '[', ']', '\n'], i + 1);
                    if (close < 0 || text[close] != '}')
                    {
                        problems.Add($"Unbalanced braces: '{{' at position {i + 1} is not closed by '}}'.");
                        break;
                    }
                    var name = text[(i + 1)..close];
                    if (!Templates.Placeholders.All.Contains(name))
                    {
                        problems.Add($"Unknown placeholder {{{name}}}. Known placeholders: {string.Join(", ", Templates.Placeholders.All.Select(Templates.Placeholders.Token))}.");
                    }
                    Flush();
                    (optional ?? top).Add(new PlaceholderPart(name));
                    i = close;
                    break;
                case '}':
                    problems.Add($"Unbalanced braces: '}}' at position {i + 1} closes no placeholder.");
                    break;
                default:
                    literal.Append(c);
                    break;
            }
        }
        Flush();
        if (optional is not null)
        {
            problems.Add($"Unbalanced brackets: the optional part opened by '[' at position {optionalStart + 1} is not closed; write [[ for a literal bracket.");
            top.Add(new OptionalPart(optional));
        }
        return new ParsedText(top, problems);
    }

    /// <summary>
    /// Fills <paramref name="text"/> with <paramref name="valueOf"/> (a placeholder's value, empty when unknown). Values are
    /// inserted once, never parsed again, so a value holding braces cannot expand into another placeholder. Stray braces
    /// and brackets of an invalid text are dropped.
    /// </summary>
    public static string Fill(string text, Func<string, string> valueOf) => Fill(Parse(text), valueOf);

    public static string Fill(ParsedText parsed, Func<string, string> valueOf)
    {
        var output = new StringBuilder();
        foreach (var part in parsed.Parts)
        {
            switch (part)
            {
                case LiteralPart literal:
                    output.Append(literal.Text);
                    break;
                case PlaceholderPart slot:
                    output.Append(ValueOf(slot, valueOf));
                    break;
                case OptionalPart optional:
                    var values = optional.Parts.Select(p => p is PlaceholderPart s ? ValueOf(s, valueOf) : ((LiteralPart)p).Text).ToArray();
                    var complete = optional.Parts.Select((p, i) => p is not PlaceholderPart || values[i].Length > 0).All(ok => ok);
                    if (complete) output.AppendJoin("", values);
                    break;
            }
        }
        return output.ToString();
    }

    private static string ValueOf(PlaceholderPart slot, Func<string, string> valueOf) =>
        Templates.Placeholders.All.Contains(slot.Name) ? valueOf(slot.Name) : "";
}
