namespace Geofence.Privacy.Tests;

public sealed class OptOutRecordTests
{
    private sealed class Record : OptOutRecord;

    private static readonly DateTime T0 = new(2026, 11, 28, 9, 0, 0, DateTimeKind.Utc);

    private static Record New() => new() { PersonKey = "person" };

    [Fact]
    public void An_opt_out_is_active_until_a_later_lift()
    {
        var record = New();
        record.OptOut("twilio", "21610", null, T0);
        Assert.True(record.IsActive);

        record.Lift(T0.AddMinutes(1));
        Assert.False(record.IsActive);
    }

    [Fact]
    public void An_older_opt_out_arriving_after_a_lift_does_not_undo_the_lift()
    {
        var record = New();
        record.Lift(T0.AddMinutes(5));

        Assert.True(record.OptOut("admin", OptOutRecord.Requested, null, T0));
        Assert.False(record.IsActive);
    }

    [Fact]
    public void A_new_opt_out_after_a_lift_is_active_again_and_replaces_the_source()
    {
        var record = New();
        record.OptOut("admin", OptOutRecord.Requested, "front desk", T0);
        record.Lift(T0.AddMinutes(1));

        record.OptOut("esms", "99", null, T0.AddMinutes(2));

        Assert.True(record.IsActive);
        Assert.Equal(("esms", "99", null), (record.Source, record.Code, record.Note));
    }

    [Fact]
    public void Repeated_or_older_reports_change_nothing()
    {
        var record = New();
        record.OptOut("twilio", "21610", null, T0.AddMinutes(1));

        Assert.False(record.OptOut("twilio", "21610", null, T0.AddMinutes(1)));
        Assert.False(record.OptOut("esms", "99", null, T0));
        Assert.Equal("twilio", record.Source);
    }

    [Fact]
    public void A_lift_older_than_the_opt_out_leaves_it_active_and_a_repeated_lift_changes_nothing()
    {
        var record = New();
        record.OptOut("twilio", "21610", null, T0.AddMinutes(1));

        Assert.True(record.Lift(T0));
        Assert.False(record.Lift(T0));
        Assert.True(record.IsActive);
    }
}
