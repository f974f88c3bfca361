/*
 * prefill.js: the dependency-free client of the hosted donation form (SPEC section 6).
 *
 * The hosted page (/form/<hash>) loads it and it starts by itself from the page's
 * <script type="application/json" id="prefill-data"> block. Shops that render their own
 * HTML load it from /static/prefill.js and call
 *
 *   Prefill.init({baseUrl: 'https://donate.example.org', hash: '<form hash>',
 *                 sessionHash: '<fbSessionHash>', root: '#donation'})
 *     .then(function (form) { ... form.doPayment() ... });
 *
 * Their markup uses the ids of the hosted page: controls id="payment_<field>" (name
 * "payment[<field>]"), error elements id="payment_<field>_error", wrappers
 * id="payment_<field>_wrapper" and one id="global_error" element.
 *
 * Events (dispatched on the root element, bubbling to document):
 *   prefill:init   detail {config, session, form}   once the data is there
 *   prefill:errors detail {errors}                  after errors were shown
 *   prefill:paid   detail {payment}                 payment confirmed
 *
 * Every text from the server is set with textContent, never as HTML.
 */
(function (global) {
  'use strict';

  var instances = [];

  function $(root, id) {
    return root.querySelector('#' + id) || (root.ownerDocument || document).getElementById(id);
  }

  function post(url, params) {
    var body = new URLSearchParams();
    Object.keys(params).forEach(function (key) { body.append(key, params[key]); });
    return fetch(url, {method: 'POST', body: body, credentials: 'omit'}).then(function (res) {
      return res.json();
    });
  }

  function PrefillForm(root, data, baseUrl) {
    this.root = root;
    this.baseUrl = baseUrl || '';
    this.hash = data.hash;
    this.config = data.config;
    this.session = data.session || null;
    this.endpoints = data.endpoints;
    this.texts = data.texts || {};
    this.queue = Promise.resolve();
    this.fields = {};
    var self = this;
    (this.config.form_fields || []).forEach(function (f) { self.fields[f.name] = f; });
  }

  PrefillForm.prototype.text = function (key) { return this.texts[key] || key; };

  PrefillForm.prototype.url = function (name) { return this.baseUrl + this.endpoints[name]; };

  PrefillForm.prototype.control = function (name) { return $(this.root, 'payment_' + name); };

  PrefillForm.prototype.isLocked = function (name) {
    return !!(this.session && this.session.fixed_values && this.session.fixed_values[name]);
  };

  PrefillForm.prototype.storedValue = function (name) {
    var values = (this.session && this.session.values) || {};
    return values[name] === undefined ? '' : String(values[name]);
  };

  // The control's value as the API wants it: radios their checked value, checkboxes 1/0.
  PrefillForm.prototype.readValue = function (name) {
    var el = this.control(name);
    if (!el) return null;
    if (el.tagName === 'FIELDSET' || el.getAttribute('role') === 'radiogroup') {
      var checked = el.querySelector('input[type=radio]:checked');
      return checked ? checked.value : '';
    }
    if (el.type === 'checkbox') return el.checked ? '1' : '0';
    return el.value;
  };

  PrefillForm.prototype.writeValue = function (name, value) {
    var el = this.control(name);
    if (!el) return;
    if (el.tagName === 'FIELDSET' || el.getAttribute('role') === 'radiogroup') {
      Array.prototype.forEach.call(el.querySelectorAll('input[type=radio]'), function (r) {
        r.checked = r.value === value;
      });
    } else if (el.type === 'checkbox') {
      el.checked = value === '1';
    } else {
      el.value = value;
    }
  };

  PrefillForm.prototype.isShown = function (name) {
    var wrapper = $(this.root, 'payment_' + name + '_wrapper');
    return !(wrapper && wrapper.hidden);
  };

  // Fields the donor changed since the last answer; hidden, locked and
  // not-shown fields are never sent (the server refuses locked changes anyway).
  PrefillForm.prototype.changedValues = function () {
    var changed = {};
    var self = this;
    Object.keys(this.fields).forEach(function (name) {
      var f = self.fields[name];
      if (f.hidden || self.isLocked(name) || !self.isShown(name)) return;
      var value = self.readValue(name);
      if (value === null) return;
      var stored = self.storedValue(name);
      if (f.type === 'checkbox' && value === '0' && stored === '') return;
      if (value !== stored) changed[name] = value;
    });
    return changed;
  };

  // Puts stored values into the controls and locks locked fields (for shop markup;
  // the hosted page is already rendered that way by the server).
  PrefillForm.prototype.fill = function () {
    var self = this;
    Object.keys(this.fields).forEach(function (name) {
      var el = self.control(name);
      if (!el) return;
      if (self.session) self.writeValue(name, self.storedValue(name));
      if (self.isLocked(name)) {
        if (el.tagName === 'INPUT' && el.type !== 'checkbox' && el.type !== 'radio' || el.tagName === 'TEXTAREA') {
          el.readOnly = true;
        } else {
          el.disabled = true;
        }
        el.setAttribute('data-locked', '1');
      }
    });
    this.showMethodFields();
  };

  // Shows the fields of the chosen payment method only (data-method on wrappers).
  PrefillForm.prototype.showMethodFields = function () {
    var method = this.readValue('payment_method');
    if (method === null) return;
    var wrappers = this.root.querySelectorAll('[data-method]');
    Array.prototype.forEach.call(wrappers, function (w) {
      w.hidden = w.getAttribute('data-method') !== method;
    });
  };

  PrefillForm.prototype.setFieldError = function (name, message) {
    var el = $(this.root, 'payment_' + name + '_error');
    if (el) el.textContent = message || '';
    var wrapper = $(this.root, 'payment_' + name + '_wrapper');
    if (wrapper) wrapper.classList.toggle('has-error', !!message);
  };

  PrefillForm.prototype.setGlobalErrors = function (messages) {
    var box = $(this.root, 'global_error');
    if (!box) return;
    while (box.firstChild) box.removeChild(box.firstChild);
    (messages || []).forEach(function (m) {
      var p = (box.ownerDocument || document).createElement('p');
      p.textContent = m;
      box.appendChild(p);
    });
  };

  // Shows `errors` (Errors JSON). only: a list of fields whose errors are shown
  // (the others keep theirs); without it every field error is shown.
  PrefillForm.prototype.showErrors = function (errors, only) {
    errors = errors || {};
    var merged = {};
    var other = errors.other_fields || {}, current = errors.current_fields || {};
    Object.keys(other).forEach(function (k) { merged[k] = other[k]; });
    Object.keys(current).forEach(function (k) { merged[k] = current[k]; });
    var self = this;
    var names = only || Object.keys(this.fields);
    names.forEach(function (name) { self.setFieldError(name, merged[name] || ''); });
    if (!only) {
      var globals = (errors.globals || []).slice();
      if (Object.keys(merged).length) globals.unshift(this.text('fix_errors'));
      this.setGlobalErrors(globals);
    }
    this.emit('prefill:errors', {errors: errors});
  };

  // Moves the donor to the first field that needs attention.
  PrefillForm.prototype.focusFirstError = function () {
    var wrapper = this.root.querySelector('.has-error:not([hidden])');
    if (!wrapper) return;
    var control = wrapper.querySelector('input:not([type=hidden]), select, textarea');
    if (control && control.focus) control.focus();
  };

  PrefillForm.prototype.emit = function (type, detail) {
    var event = new CustomEvent(type, {bubbles: true, detail: detail});
    (this.root.dispatchEvent ? this.root : document).dispatchEvent(event);
  };

  // Sends `values` (field -> value) through the session endpoint; resolves with the
  // answer. A new session is made when there is none yet.
  PrefillForm.prototype.update = function (values) {
    var self = this;
    var run = function () {
      var params = {};
      if (self.session) params.fbSessionHash = self.session.hash;
      Object.keys(values || {}).forEach(function (k) { params['payment[' + k + ']'] = values[k]; });
      return post(self.url('session'), params).then(function (answer) {
        if (answer.status === 'success') {
          self.session = answer.session;
          var hidden = $(self.root, 'fbSessionHash');
          if (hidden) hidden.value = self.session.hash;
          // Show the canonical form of accepted values ("12,5" -> "12.50").
          Object.keys(values || {}).forEach(function (k) {
            var errs = answer.session.errors || {};
            if (!(errs.current_fields || {})[k] && self.session.values[k] !== undefined) {
              self.writeValue(k, String(self.session.values[k]));
            }
          });
        }
        return answer;
      });
    };
    this.queue = this.queue.then(run, run);
    return this.queue;
  };

  PrefillForm.prototype.busy = function (on) {
    var button = this.root.querySelector('button[type=submit]');
    if (button) button.disabled = on;
    this.root.setAttribute('aria-busy', on ? 'true' : 'false');
  };

  PrefillForm.prototype.showThankYou = function () {
    var form = this.root.querySelector('form');
    if (form) form.hidden = true;
    var thanks = $(this.root, 'thank_you');
    if (thanks) {
      var amount = this.storedValue('amount');
      var target = $(this.root, 'thank_you_amount');
      if (target && amount) target.textContent = amount + ' ' + (this.config.currency || '');
      thanks.hidden = false;
      if (thanks.scrollIntoView) thanks.scrollIntoView({block: 'start'});
    }
    this.root.setAttribute('data-state', 'thank_you');
  };

  // Saves what the donor changed, then pays when the session is complete.
  // Resolves with the payment answer, or with the session answer when it is not complete.
  PrefillForm.prototype.doPayment = function () {
    var self = this;
    this.busy(true);
    this.setGlobalErrors([]);
    var changed = this.changedValues();
    return this.update(changed).then(function (answer) {
      if (answer.status !== 'success') {
        self.setGlobalErrors([answer.error || self.text('network_error')]);
        return answer;
      }
      self.showErrors(answer.session.errors);
      if (answer.session.status !== 'complete') {
        self.focusFirstError();
        return answer;
      }
      return post(self.url('payment'), {fbSessionHash: self.session.hash}).then(function (payment) {
        if (payment.status !== 'success') {
          self.setGlobalErrors([payment.error || self.text('network_error')]);
        } else if (payment.payment_status === 'confirmed') {
          self.emit('prefill:paid', {payment: payment});
          self.showThankYou();
        } else if (payment.payment_status === 'awaiting' && payment.redirect_url) {
          self.setGlobalErrors([]);
          self.root.setAttribute('data-state', 'redirecting');
          redirectTo(payment.redirect_url);
        } else {
          self.showErrors(payment.errors);
        }
        return payment;
      });
    }).catch(function (err) {
      self.setGlobalErrors([self.text('network_error')]);
      return {status: 'error', error: String(err)};
    }).then(function (result) {
      self.busy(false);
      return result;
    });
  };

  PrefillForm.prototype.bind = function () {
    var self = this;
    var form = this.root.tagName === 'FORM' ? this.root : this.root.querySelector('form');
    if (form) {
      form.addEventListener('submit', function (e) {
        e.preventDefault();
        self.doPayment();
      });
    }
    // Each change is validated at once; only that field's error is shown.
    this.root.addEventListener('change', function (e) {
      var name = fieldNameOf(e.target);
      if (!name || !self.fields[name]) return;
      if (name === 'payment_method') self.showMethodFields();
      if (self.isLocked(name) || !self.session) return;
      var value = self.readValue(name);
      if (value === self.storedValue(name)) return;
      var values = {};
      values[name] = value;
      self.update(values).then(function (answer) {
        if (answer.status === 'success') self.showErrors(answer.session.errors, [name]);
      }).catch(function () {});
    });
    Array.prototype.forEach.call(this.root.querySelectorAll('button.suggestion'), function (b) {
      b.addEventListener('click', function () {
        var amount = self.control('amount');
        if (!amount || amount.readOnly) return;
        amount.value = b.getAttribute('data-amount');
        Array.prototype.forEach.call(self.root.querySelectorAll('button.suggestion'), function (o) {
          o.setAttribute('aria-pressed', o === b ? 'true' : 'false');
        });
        amount.dispatchEvent(new Event('change', {bubbles: true}));
      });
    });
  };

  // Approval pages (PayPal) refuse to be framed: leave the shop's iframe for them.
  function redirectTo(url) {
    if (global.top !== global) {
      try {
        global.top.location.href = url;
        return;
      } catch (e) { /* a cross-origin parent without user activation: navigate the frame */ }
    }
    global.location.assign(url);
  }

  function fieldNameOf(el) {
    var name = el && el.getAttribute && el.getAttribute('name');
    var m = name && /^payment\[([a-z0-9_]+)\]$/.exec(name);
    return m ? m[1] : null;
  }

  function start(root, data, baseUrl, serverRendered) {
    var form = new PrefillForm(root, data, baseUrl);
    if (!serverRendered) form.fill();
    else form.showMethodFields();
    form.bind();
    instances.push(form);
    form.emit('prefill:init', {config: form.config, session: form.session, form: form});
    return form;
  }

  var Prefill = {
    // options: {hash, sessionHash, baseUrl, root}; resolves with the form controller.
    init: function (options) {
      options = options || {};
      var root = typeof options.root === 'string' ? document.querySelector(options.root)
          : (options.root || document.body);
      var baseUrl = (options.baseUrl || '').replace(/\/$/, '');
      if (options.data) return Promise.resolve(start(root, options.data, baseUrl, !!options.serverRendered));
      var url = baseUrl + '/form/' + encodeURIComponent(options.hash) + '/data' +
          (options.sessionHash ? '?fbSessionHash=' + encodeURIComponent(options.sessionHash) : '');
      return fetch(url, {credentials: 'omit'}).then(function (res) { return res.json(); }).then(function (data) {
        if (data.status !== 'success') throw new Error(data.error || 'prefill: no data');
        return start(root, data, baseUrl, false);
      });
    },
    // Pays with the most recently started form.
    doPayment: function () {
      var form = instances[instances.length - 1];
      return form ? form.doPayment() : Promise.reject(new Error('prefill: not initialised'));
    },
    instances: instances
  };
  global.Prefill = Prefill;

  // The hosted page: start from the embedded data block.
  function autoStart() {
    var block = document.getElementById('prefill-data');
    if (!block) return;
    var data = JSON.parse(block.textContent);
    if (data.state !== 'form' && data.state !== 'not_found') return;
    Prefill.init({data: data, root: document.getElementById('prefill_root'), serverRendered: true});
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', autoStart);
  else autoStart();
})(window);
