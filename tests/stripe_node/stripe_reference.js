// The official stripe package as an independent reference for Stripe-Signature
// (used by tests/providers/stripe_webhook_test.cc):
//   node stripe_reference.js sign SECRET TIMESTAMP    < payload  -> prints a Stripe-Signature header
//   node stripe_reference.js verify SECRET HEADER     < payload  -> prints "ok" or the library's error
const Stripe = require('stripe');
const stripe = Stripe('sk_test_reference_only');
const [mode, secret, arg] = process.argv.slice(2);
let payload = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { payload += chunk; });
process.stdin.on('end', () => {
  if (mode === 'sign') {
    process.stdout.write(stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: Number(arg) }));
  } else {
    try {
      stripe.webhooks.constructEvent(payload, arg, secret, 300);
      process.stdout.write('ok');
    } catch (e) {
      process.stdout.write('refused: ' + e.message);
    }
  }
});
