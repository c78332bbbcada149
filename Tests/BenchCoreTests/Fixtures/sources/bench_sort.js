// benchmark.js over two sorts; prints one line per benchmark as benchmark.js's String(event.target) writes it.
var Benchmark = require('benchmark');
function data(n) { var v = []; for (var i = 0; i < n; i++) v.push((i * 7919) % n); return v; }
var small = data(256), large = data(1024);
new Benchmark.Suite()
  .add('sort 256', function () { small.slice().sort(function (a, b) { return a - b; }); })
  .add('sort 1024', function () { large.slice().sort(function (a, b) { return a - b; }); })
  .on('cycle', function (event) { console.log(String(event.target)); })
  .on('complete', function () { console.log('Fastest is ' + this.filter('fastest').map('name')); })
  .run({ async: false });
