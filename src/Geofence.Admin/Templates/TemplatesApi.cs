using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Geofence.Admin.Policy;
using Geofence.Contracts;
using Geofence.Fences;
using Geofence.Messaging.Outbox;
using Geofence.ServiceDefaults.ApiKeys;
using Geofence.ServiceDefaults.Problems;
using Geofence.Templates;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Admin.Templates;

/// <summary>
/// /api/v1/templates: the texts the department edits per purpose, channel and language, over the built-in ones.
/// Every save is a new version; old versions are listed and can be brought back; a preview renders a draft.
/// </summary>
public static partial class TemplatesApi
{
    private const int MaxBodyBytes = 64 * 1024;
    /// <summary>As long as the Notifier's tokens (NotificationLinks.TokenLength), so that a preview counts the real SMS length.</summary>
    private const string ExampleToken = "AbCdEfGhIjKl";
    private static readonly string[] ChannelNames = [Channels.Sms, Channels.Push, Channels.Zalo];

    public sealed record TemplateBody(string? Title, string? Text, bool? KeepDiacritics, string? TemplateId, Dictionary<string, string>? Params);

    public sealed record PreviewGuest(string? FirstName, string? LastName);

    public sealed record PreviewRequest(string? Channel, string? Language, string? Purpose, string? Text, string? Title, bool? KeepDiacritics,
        string? TemplateId, Dictionary<string, string>? Params, PreviewGuest? Guest, string? ProvinceCode);

    public sealed record VersionView(int Version, DateTime SavedAt);

    /// <summary>
    /// A template; only the fields of its channel are written (SMS: text, keepDiacritics; push: title, text; Zalo:
    /// templateId, params).
    /// </summary>
    public sealed record TemplateView(
        string Purpose,
        string Channel,
        string Language,
        int Version,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Title,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Text,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? KeepDiacritics,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TemplateId,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Params,
        bool BuiltIn,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTime? SavedAt,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] VersionView[]? Versions = null);

    public sealed record TemplateList(TemplateView[] Items);

    public sealed record SmsView(string Encoding, int Characters, int Parts);

    public sealed record PreviewView(
        string? Text,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Title,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SmsView? Sms,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TemplateId,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Params,
        string[] Warnings);

    public static RouteGroupBuilder MapTemplates(this RouteGroupBuilder api)
    {
        var templates = api.MapGroup("/templates").RequireApiKey(ApiCallerKind.Admin).WithTags("Templates");
        templates.MapGet("", List).WithName("ListTemplates")
            .WithSummary("Every template in force: built-in ones (version 0) and the department's current versions; " +
                         "filter by purpose, channel, language.");
        templates.MapPost("/preview", Preview).Accepts<PreviewRequest>("application/json").WithName("PreviewTemplate")
            .WithSummary("Renders a draft (or, without text, the template in force) with example links; for SMS, encoding, characters and parts.");
        templates.MapGet("/{channel}/{language}", Get).WithName("GetTemplate")
            .WithSummary("The template in force for a purpose (default arrival), channel and language, with its saved versions.");
        templates.MapPut("/{channel}/{language}", Save).Accepts<TemplateBody>("application/json").ProducesProblem(StatusCodes.Status409Conflict).WithName("SaveTemplate")
            .WithSummary("Saves a new version. SMS: {text, keepDiacritics}; push: {title, text}; Zalo: {templateId, params}.");
        templates.MapPost("/{channel}/{language}/rollback/{version:int}", Rollback).ProducesProblem(StatusCodes.Status409Conflict).WithName("RollBackTemplate")
            .WithSummary("Saves a copy of an old version as the new current one; version 0 brings the built-in text back.");
        return api;
    }

    private static async Task<Results<Ok<TemplateList>, ProblemHttpResult>> List(
        DepartmentTemplates templates, string? purpose, string? channel, string? language, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var p = purpose is null ? null : Purpose(errors, purpose);
        var c = channel is null ? null : Channel(errors, channel);
        var l = language is null ? null : Language(errors, language);
        if (errors.Any) return errors.ToProblem();

        var saved = (await templates.CurrentAsync(ct)).ToDictionary(t => (t.Purpose, t.Channel, t.Language), t => t.SavedAt);
        var items = (await templates.InForceAsync(ct)).All
            .Where(t => (p is null || t.Purpose == p) && (c is null || t.Channel == c) && (l is null || t.Language == l))
            .OrderBy(t => Order(TemplatePurposes.All, t.Purpose)).ThenBy(t => Order(ChannelNames, t.Channel))
            .ThenBy(t => Order(TemplateSet.Languages, t.Language))
            .Select(t => View(t, t.Version > 0 && saved.TryGetValue((t.Purpose, t.Channel, t.Language), out var at) ? at : null))
            .ToArray();
        return TypedResults.Ok(new TemplateList(items));
    }

    private static async Task<Results<Ok<TemplateView>, ProblemHttpResult>> Get(
        string channel, string language, string? purpose, DepartmentTemplates templates, CancellationToken ct)
    {
        var (key, invalid) = Key(channel, language, purpose);
        if (invalid is not null) return invalid;
        var template = (await templates.InForceAsync(ct)).Resolve(key!.Purpose, key.Channel, key.Language);
        var versions = await templates.VersionsAsync(key, ct);
        var savedAt = versions.FirstOrDefault(v => v.Version == template.Version && key.Purpose == template.Purpose)?.SavedAt;
        return TypedResults.Ok(View(template, savedAt) with { Versions = versions.Select(v => new VersionView(v.Version, v.SavedAt)).ToArray() });
    }

    private static async Task<Results<Ok<TemplateView>, ProblemHttpResult>> Save(
        string channel, string language, string? purpose, HttpContext http, DepartmentTemplates templates)
    {
        var (key, invalid) = Key(channel, language, purpose);
        if (invalid is not null) return invalid;
        var (body, unreadable) = await JsonBody.ReadAsync<TemplateBody>(http, MaxBodyBytes);
        if (unreadable is not null) return unreadable;

        var errors = new FieldErrors();
        var template = Draft(key!, body!, errors);
        if (template is null) return errors.ToProblem();
        if (TemplateRules.Validate(template) is { } problem) return Problem.Invalid(problem.Field, problem.Message);
        return await SaveAsync(() => templates.SaveAsync(template, Editors.Of(http), http.RequestAborted));
    }

    private static async Task<Results<Ok<TemplateView>, ProblemHttpResult>> Rollback(
        string channel, string language, int version, string? purpose, HttpContext http, DepartmentTemplates templates)
    {
        var (key, invalid) = Key(channel, language, purpose);
        if (invalid is not null) return invalid;
        if (version == 0)
        {
            try
            {
                await templates.ResetAsync(key!, http.RequestAborted);
            }
            catch (DbUpdateException)
            {
                // Two changes at once both took the next template-set version (found by the fuzzer: it was a 500).
                return Problem.Status(StatusCodes.Status409Conflict, "Concurrent change",
                    "Another change to the templates was saved at the same moment; try again.");
            }
            return TypedResults.Ok(View((await templates.InForceAsync(http.RequestAborted)).Resolve(key!.Purpose, key.Channel, key.Language), null));
        }
        if (await templates.VersionAsync(key!, version, http.RequestAborted) is not { } old)
            return Problem.Status(StatusCodes.Status404NotFound, "No such template version",
                $"The {key!.Purpose} {key.Channel} template in {key.Language} has no version {version}.");
        return await SaveAsync(() => templates.SaveAsync(DepartmentTemplates.ToMessage(old), Editors.Of(http), http.RequestAborted));
    }

    private static async Task<Results<Ok<PreviewView>, ProblemHttpResult>> Preview(
        HttpContext http, DepartmentTemplates templates, PolicyHistory policies, PreviewLinkSettings links)
    {
        var (request, unreadable) = await JsonBody.ReadAsync<PreviewRequest>(http, MaxBodyBytes);
        if (unreadable is not null) return unreadable;
        var errors = new FieldErrors();
        string? channel = null, language = null;
        if (request!.Channel is null) errors.Add("channel", $"is required: one of {string.Join(", ", ChannelNames)}.");
        else channel = Channel(errors, request.Channel);
        if (request.Language is null) errors.Add("language", $"is required: one of {string.Join(", ", TemplateSet.Languages)}.");
        else language = Language(errors, request.Language);
        var purpose = Purpose(errors, request.Purpose ?? TemplatePurposes.Arrival);
        var provinceCode = request.ProvinceCode?.Trim();
        if (string.IsNullOrEmpty(provinceCode)) errors.Add("provinceCode", "is required (e.g. 22 for Quảng Ninh).");
        else if (!ProvinceCatalogue.BuiltIn.Provinces34.ContainsKey(provinceCode))
            errors.Add("provinceCode", "is not one of the 34 province codes in force since 2025-07-01 (e.g. 22 for Quảng Ninh).");
        var guest = request.Guest is null ? Guest.Unknown
            : new Guest(Name(errors, "guest.firstName", request.Guest.FirstName), Name(errors, "guest.lastName", request.Guest.LastName));
        if (errors.Any) return errors.ToProblem();

        var key = new TemplateKey(purpose!, channel!, language!);
        var inForce = (await templates.InForceAsync(http.RequestAborted)).Resolve(key.Purpose, key.Channel, key.Language);
        var draft = request.Text is not null || request.Title is not null || request.TemplateId is not null || request.Params is not null;
        var template = inForce;
        if (draft)
        {
            // What the request leaves out is the template in force's (each channel's template has only its own fields).
            var body = new TemplateBody(request.Title ?? inForce.Title, request.Text ?? inForce.Text,
                request.KeepDiacritics ?? (channel == Channels.Sms ? inForce.KeepDiacritics : null),
                request.TemplateId ?? inForce.ZaloTemplateId, request.Params ?? inForce.ZaloParams?.ToDictionary());
            template = Draft(key, body, errors);
            if (template is null) return errors.ToProblem();
        }
        else if (request.KeepDiacritics is { } keep && channel == Channels.Sms) template = inForce with { KeepDiacritics = keep };

        var policy = await policies.InForceAsync(http.RequestAborted);
        var origin = links.BaseUrl.TrimEnd('/');
        var rendered = TemplateSet.Render(template, guest, provinceCode!,
            new LinkValues(policy.App, $"{origin}/i/{ExampleToken}", $"{origin}/o/{ExampleToken}"));
        // A draft is previewed whatever is wrong with it: what saving would refuse is shown among the warnings.
        var warnings = new List<string>();
        if (draft && TemplateRules.Validate(template) is { } problem) warnings.Add($"{problem.Field}: {problem.Message}");
        if (rendered.Sms is { } sms) warnings.AddRange(sms.Warnings);
        return TypedResults.Ok(new PreviewView(rendered.Text, rendered.Title,
            rendered.Sms is { } s ? new SmsView(s.Encoding, s.Characters, s.Parts) : null, rendered.ZaloTemplateId, rendered.ZaloParams,
            [.. warnings]));
    }

    /// <summary>Saves, answering 409 when another save of the same template took the version at the same moment.</summary>
    private static async Task<Results<Ok<TemplateView>, ProblemHttpResult>> SaveAsync(Func<Task<StoredTemplate>> save)
    {
        try
        {
            var row = await save();
            return TypedResults.Ok(View(DepartmentTemplates.ToMessage(row), row.SavedAt));
        }
        catch (DbUpdateException)
        {
            return Problem.Status(StatusCodes.Status409Conflict, "Concurrent change",
                "Another change to the templates was saved at the same moment; try again.");
        }
        catch (MessageTooLargeException)
        {
            return Problem.Invalid("text", "would make the department's templates together larger than one change may carry; shorten some of them.");
        }
    }

    /// <summary>The template a body describes for <paramref name="key"/>'s channel; null with the problems in <paramref name="errors"/>.</summary>
    private static MessageTemplate? Draft(TemplateKey key, TemplateBody body, FieldErrors errors)
    {
        var applies = key.Channel switch
        {
            Channels.Sms => new[] { "text", "keepDiacritics" },
            Channels.Push => ["title", "text"],
            _ => ["templateId", "params"],
        };
        void NotHere(string field, object? value)
        {
            if (value is not null && !applies.Contains(field))
                errors.Add(field, $"does not apply to {key.Channel} templates, which take {string.Join(" and ", applies)}.");
        }
        NotHere("title", body.Title);
        NotHere("text", body.Text);
        NotHere("keepDiacritics", body.KeepDiacritics);
        NotHere("templateId", body.TemplateId);
        NotHere("params", body.Params);

        string? Required(string field, string? value, int maxLength)
        {
            if (!applies.Contains(field)) return null;
            if (string.IsNullOrWhiteSpace(value)) errors.Add(field, "is required.");
            else if (value.Length > maxLength) errors.Add(field, $"is longer than {maxLength} characters.");
            else return value;
            return null;
        }
        var title = Required("title", body.Title, TemplateLimits.Title);
        var text = Required("text", body.Text, TemplateLimits.Text);
        // Without its own templateId a Zalo template uses the ZNS template the Dispatcher is configured with.
        var templateId = string.IsNullOrWhiteSpace(body.TemplateId) ? null : body.TemplateId.Trim();
        if (templateId is { Length: > TemplateLimits.ZaloTemplateId })
            errors.Add("templateId", $"is longer than {TemplateLimits.ZaloTemplateId} characters.");
        Dictionary<string, string>? parameters = null;
        if (key.Channel == Channels.Zalo)
        {
            if (body.Params is not { Count: > 0 }) errors.Add("params", "is required: the ZNS template's parameters, name → text with placeholders.");
            else if (body.Params.Count > TemplateLimits.ZaloParams) errors.Add("params", $"has more than {TemplateLimits.ZaloParams} parameters.");
            else
            {
                foreach (var (name, value) in body.Params)
                {
                    if (!ZaloParamName().IsMatch(name))
                        errors.Add($"params.{name}", "is not a ZNS parameter name (letters, digits and _, at most 64).");
                    else if (value is null) errors.Add($"params.{name}", "must be a text.");
                    else if (value.Length > TemplateLimits.ZaloParamValue)
                        errors.Add($"params.{name}", $"is longer than {TemplateLimits.ZaloParamValue} characters.");
                }
                parameters = body.Params;
            }
        }
        if (errors.Any) return null;
        return new MessageTemplate(key.Purpose, key.Channel, key.Language, 0, title, text,
            key.Channel == Channels.Sms && body.KeepDiacritics == true, templateId, parameters);
    }

    private static (TemplateKey? Key, ProblemHttpResult? Problem) Key(string channel, string language, string? purpose)
    {
        var errors = new FieldErrors();
        var c = Channel(errors, channel);
        var l = Language(errors, language);
        var p = Purpose(errors, purpose ?? TemplatePurposes.Arrival);
        return errors.Any ? (null, errors.ToProblem()) : (new TemplateKey(p!, c!, l!), null);
    }

    private static string? Channel(FieldErrors errors, string channel)
    {
        if (ChannelNames.FirstOrDefault(c => string.Equals(c, channel, StringComparison.OrdinalIgnoreCase)) is { } known) return known;
        errors.Add("channel", $"'{channel}' is not one of {string.Join(", ", ChannelNames)}.");
        return null;
    }

    private static string? Language(FieldErrors errors, string language)
    {
        if (TemplateSet.Languages.FirstOrDefault(l => string.Equals(l, language, StringComparison.OrdinalIgnoreCase)) is { } known) return known;
        errors.Add("language", $"'{language}' is not one of the template languages: {string.Join(", ", TemplateSet.Languages)}.");
        return null;
    }

    private static string? Purpose(FieldErrors errors, string purpose)
    {
        if (TemplatePurposes.All.FirstOrDefault(p => string.Equals(p, purpose, StringComparison.OrdinalIgnoreCase)) is { } known) return known;
        errors.Add("purpose", $"'{purpose}' is not one of {string.Join(", ", TemplatePurposes.All)}.");
        return null;
    }

    private static string Name(FieldErrors errors, string field, string? name)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length <= 100) return trimmed;
        errors.Add(field, "is longer than 100 characters.");
        return "";
    }

    private static int Order(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name) return i;
        }
        return int.MaxValue;
    }

    private static TemplateView View(MessageTemplate t, DateTime? savedAt) => new(t.Purpose, t.Channel, t.Language, t.Version, t.Title, t.Text,
        t.Channel == Channels.Sms ? t.KeepDiacritics : null, t.ZaloTemplateId, t.ZaloParams, t.Version == 0, savedAt);

    [GeneratedRegex("^[A-Za-z0-9_]{1,64}$")]
    private static partial Regex ZaloParamName();
}
