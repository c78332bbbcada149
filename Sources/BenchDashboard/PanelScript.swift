/// The script of the trends view's panels: the hover readout (the drawn point nearest the
/// pointer: version, commit, value, with a cursor line; the arrow keys step through the points
/// of a focused panel, Home and End jump to the ends), and the brush (drag across a panel to
/// narrow the range: the page reloads with `from` and `to` set to the versions, or times, at
/// the drag's ends, so the range is kept in the address).
enum PanelScript {
    static let code = """
    (function () {
      document.querySelectorAll('svg[data-readout]').forEach(function (svg) {
        function list(name) { return (svg.getAttribute(name) || '').split(' '); }
        var xs = list('data-x').map(Number), versions = list('data-v'), commits = list('data-c'), values = list('data-y');
        var domain = list('data-domain').map(Number), plot = list('data-plot').map(Number), byTime = svg.hasAttribute('data-time');
        var readout = document.getElementById(svg.getAttribute('data-readout'));
        var cursor = svg.querySelector('.cursor'), brush = svg.querySelector('.brush');
        var metric = new URL(location.href).searchParams.get('metric') || '';
        var current = -1, start = null;
        function local(event) {
          var box = svg.getBoundingClientRect();
          return (event.clientX - box.left) * svg.viewBox.baseVal.width / box.width;
        }
        function nearest(x) {
          var low = 0, high = xs.length - 1;
          while (low < high) { var middle = (low + high) >> 1; if (xs[middle] < x) { low = middle + 1; } else { high = middle; } }
          return low > 0 && x - xs[low - 1] < xs[low] - x ? low - 1 : low;
        }
        function show(index) {
          if (index < 0 || index >= xs.length) { return; }
          current = index;
          cursor.setAttribute('x1', xs[index]); cursor.setAttribute('x2', xs[index]);
          readout.textContent = 'v' + versions[index] + ' · ' + commits[index] + ' · ' + metric + ' = ' + values[index];
        }
        function place(x) {
          var fraction = Math.min(Math.max((x - plot[0]) / (plot[1] - plot[0]), 0), 1);
          var value = domain[0] + fraction * (domain[1] - domain[0]);
          return byTime ? new Date(value * 1000).toISOString() : String(Math.round(value));
        }
        svg.addEventListener('mousemove', function (event) {
          var x = local(event);
          show(nearest(x));
          if (start !== null) { brush.setAttribute('x', Math.min(start, x)); brush.setAttribute('width', Math.abs(x - start)); }
        });
        svg.addEventListener('mousedown', function (event) { start = local(event); event.preventDefault(); });
        svg.addEventListener('mouseup', function (event) {
          var end = local(event), from = start;
          start = null;
          if (from === null || Math.abs(end - from) < 6) { brush.setAttribute('width', 0); return; }
          var url = new URL(location.href);
          url.searchParams.set('from', place(Math.min(from, end)));
          url.searchParams.set('to', place(Math.max(from, end)));
          url.searchParams.delete('page');
          location.assign(url.pathname + url.search);
        });
        svg.addEventListener('mouseleave', function () { start = null; brush.setAttribute('width', 0); });
        svg.addEventListener('focus', function () { if (current < 0) { show(xs.length - 1); } });
        svg.addEventListener('keydown', function (event) {
          var next = { ArrowLeft: current - 1, ArrowRight: current + 1, Home: 0, End: xs.length - 1 }[event.key];
          if (next === undefined) { return; }
          event.preventDefault();
          show(Math.min(Math.max(next, 0), xs.length - 1));
        });
      });
    })();
    """
}
