namespace Nines.Metrics.Downsampling;

/// <summary>
/// Aggregates one series' samples, oldest first, into windows aligned to multiples of the
/// resolution, emitting the downsampled samples as each window closes (one series and one
/// aggregate at a time: no buffering beyond the current window). Every aggregate of a window is
/// stamped with the timestamp of the window's last sample, so the aggregates of one window line up
/// and a counter's last value keeps its real time (rate() extrapolates from real sample times).
/// Staleness markers are not samples here; NaN is skipped for counters (it cannot be a counter value).
/// <para>Input is either raw samples or the same aggregate one resolution finer (1h from 5m, as
/// Thanos does): then a window's count is the sum of the finer counts, and the counter rule
/// applied to the finer counter samples keeps their increase, because every reset there is a
/// visible drop between two consecutive samples.</para>
/// </summary>
internal sealed class WindowAggregator
{
    // Prometheus' staleness marker (model/value.StaleNaN).
    private const long StaleNaNBits = 0x7ff0000000000002;

    private readonly long _resolution;
    private readonly DownsampleAggregate _aggregate;
    private readonly bool _rawInput;
    private readonly Action<long, double> _emit;
    private long _window;
    private bool _inWindow;
    private long _lastT;
    private double _acc;

    // Counter state. Kept: the last sample emitted. Previous: the last input sample. Increase:
    // reset-adjusted increase from kept to previous. Pre/Post: around the last reset in the window.
    private bool _hasKept;
    private long _keptT;
    private double _keptV;
    private double _previousV;
    private double _increase;
    private bool _reset;
    private long _preT;
    private double _preV;
    private long _postT;
    private double _postV;

    /// <param name="resolution">Window length in milliseconds.</param>
    /// <param name="aggregate">The aggregate to compute (not <see cref="DownsampleAggregate.Average"/>).</param>
    /// <param name="rawInput">True for raw samples; false when the input is this aggregate at a finer resolution.</param>
    /// <param name="emit">Receives the downsampled samples, in time order.</param>
    public WindowAggregator(long resolution, DownsampleAggregate aggregate, bool rawInput, Action<long, double> emit)
    {
        if (aggregate == DownsampleAggregate.Average)
        {
            throw new ArgumentOutOfRangeException(nameof(aggregate), aggregate, "Average is derived from sum and count, not stored.");
        }

        _resolution = resolution;
        _aggregate = aggregate;
        _rawInput = rawInput;
        _emit = emit;
    }

    /// <summary>Adds the next sample; timestamps must increase.</summary>
    public void Add(long t, double v)
    {
        if (BitConverter.DoubleToInt64Bits(v) == StaleNaNBits || (_aggregate == DownsampleAggregate.Counter && double.IsNaN(v)))
        {
            return;
        }

        var window = t >= 0 ? t / _resolution : ((t + 1) / _resolution) - 1;
        if (_inWindow && window != _window)
        {
            CloseWindow();
        }

        if (_aggregate == DownsampleAggregate.Counter)
        {
            AddCounter(t, v);
        }
        else if (!_inWindow)
        {
            _acc = _aggregate == DownsampleAggregate.Count && _rawInput ? 1 : v;
        }
        else
        {
            _acc = _aggregate switch
            {
                DownsampleAggregate.Count => _acc + (_rawInput ? 1 : v),
                DownsampleAggregate.Sum => _acc + v,

                // PromQL's min_over_time/max_over_time: a NaN is replaced by any number.
                DownsampleAggregate.Min => v < _acc || double.IsNaN(_acc) ? v : _acc,
                _ => v > _acc || double.IsNaN(_acc) ? v : _acc,
            };
        }

        _window = window;
        _inWindow = true;
        _lastT = t;
    }

    /// <summary>Closes the last window. The aggregator can then start another series with <see cref="Reset"/>.</summary>
    public void Finish()
    {
        if (_inWindow)
        {
            CloseWindow();
        }
    }

    /// <summary>Forgets everything: the next sample starts a new series.</summary>
    public void Reset()
    {
        _inWindow = false;
        _hasKept = false;
        _reset = false;
        _increase = 0;
    }

    private void AddCounter(long t, double v)
    {
        if (!_hasKept)
        {
            // The series' first sample is kept as is: the increase from it on is what rate() sees.
            _emit(t, v);
            _hasKept = true;
            _keptT = t;
            _keptV = v;
            _previousV = v;
            _increase = 0;
            return;
        }

        if (v < _previousV)
        {
            _reset = true;
            _preT = _lastT;
            _preV = _keptV + _increase;
            _postT = t;
            _postV = v;
            _increase += v;
        }
        else
        {
            _increase += v - _previousV;
        }

        _previousV = v;
    }

    private void CloseWindow()
    {
        _inWindow = false;
        if (_aggregate != DownsampleAggregate.Counter)
        {
            _emit(_lastT, _acc);
            return;
        }

        if (_lastT == _keptT)
        {
            return;
        }

        if (_reset)
        {
            // kept → pre is an increase (of everything up to the last reset), pre → post a drop
            // that PromQL counts as a reset adding post, post → last an increase: in total the
            // window's reset-adjusted increase, whatever happened in between.
            if (_preT != _keptT)
            {
                _emit(_preT, _preV);
            }

            if (_postT != _lastT)
            {
                _emit(_postT, _postV);
            }

            _reset = false;
        }

        _emit(_lastT, _previousV);
        _keptT = _lastT;
        _keptV = _previousV;
        _increase = 0;
    }
}
