/*
 * Stripe.js card entry for hosted forms whose cards go to Stripe (SPEC 6).
 * Loaded only on such pages, after https://js.stripe.com/v3/ and before
 * prefill.js. The card number, expiry and CVC are typed into Stripe's own
 * iframe (#stripe_card_element): they never reach Prefill. On submit with the
 * card method, the card becomes a PaymentMethod (pm_...) in the browser; its
 * id is put in payment[credit_card_token] and its expiry in the expiry
 * fields, and only then does prefill.js's own submit run.
 * Without JavaScript or Stripe.js the card cannot be entered here, and the
 * form says so (#stripe_card_error).
 */
(function () {
  'use strict';
  var mount = document.getElementById('stripe_card_element');
  if (!mount || typeof window.Stripe !== 'function') return;
  var stripe = window.Stripe(mount.getAttribute('data-stripe-key'));
  var card = stripe.elements().create('card', { hidePostalCode: true });
  card.mount(mount);
  var error = document.getElementById('stripe_card_error');
  card.on('change', function (e) {
    if (error) error.textContent = e.error ? e.error.message : '';
  });

  function field(name) {
    return document.querySelector('[name="payment[' + name + ']"]');
  }
  function method() {
    var chosen = document.querySelector('[name="payment[payment_method]"]:checked') ||
      document.querySelector('select[name="payment[payment_method]"]') ||
      document.querySelector('input[type=hidden][name="payment[payment_method]"]');
    return chosen ? chosen.value : '';
  }
  function set(name, value) {
    var control = field(name);
    if (!control) return;
    control.value = String(value);
    control.dispatchEvent(new Event('change', { bubbles: true }));
  }

  var tokenised = false;
  // Capture phase: runs before prefill.js's submit handler on the form.
  document.addEventListener('submit', function (e) {
    if (tokenised || method() !== 'credit_card') return;
    e.preventDefault();
    e.stopImmediatePropagation();
    var form = e.target;
    stripe.createPaymentMethod({ type: 'card', card: card }).then(function (result) {
      if (result.error) {
        if (error) error.textContent = result.error.message;
        return;
      }
      set('credit_card_token', result.paymentMethod.id);
      if (result.paymentMethod.card) {
        set('credit_card_expire_date_month', result.paymentMethod.card.exp_month);
        set('credit_card_expire_date_year', result.paymentMethod.card.exp_year);
        if (result.paymentMethod.card.brand) set('credit_card_network', result.paymentMethod.card.brand);
      }
      tokenised = true;
      if (form.requestSubmit) form.requestSubmit(); else form.submit();
      tokenised = false;
    });
  }, true);
})();
