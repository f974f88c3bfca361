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
 * Every text from the server is set with textContent, never as HTML; amounts and dates
 * arrive formatted by the server (one formatter, in the page's language).
 *
 * Accessibility (WCAG 2.1 AA): a field with an error gets aria-invalid="true" (its error
 * element is already named by aria-describedby); errors and the thank-you state are
 * announced in the polite live region #prefill_status; after a submit with errors the
 * focus goes to #global_error, which lists a link to each field with an error.
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

  // The amount's one-tap choices (radios name="amount_choice": a suggestion or "other").
  PrefillForm.prototype.amountChoices = function () {
    return Array.prototype.slice.call(this.root.querySelectorAll('input[type=radio][name=amount_choice]'));
  };

  // Says `message` in the polite live region (emptied first, so a repeat is said again).
  PrefillForm.prototype.announce = function (message) {
    var region = $(this.root, 'prefill_status');
    if (!region) return;
    region.textContent = '';
    setTimeout(function () { region.textContent = message || ''; }, 50);
  };

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
    if (name === 'amount') {
      var chosen = this.amountChoices().filter(function (r) { return r.checked && r.value !== 'other'; })[0];
      if (chosen) return chosen.value;
    }
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
    var choices = name === 'amount' ? this.amountChoices() : [];
    if (choices.length) {
      // A suggested amount shows as its choice; any other amount in the text box.
      var match = choices.filter(function (r) { return r.value === value && r.value !== 'other'; })[0];
      choices.forEach(function (r) { r.checked = match ? r === match : (value !== '' && r.value === 'other'); });
      el.value = match ? '' : value;
      return;
    }
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
    var control = this.control(name);
    if (control) {
      if (message) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
    }
  };

  // The field's visible name (its label or legend), for the error summary.
  PrefillForm.prototype.labelOf = function (name) {
    var wrapper = $(this.root, 'payment_' + name + '_wrapper');
    var label = wrapper && wrapper.querySelector('legend, label');
    if (!label) return name;
    var text = '';
    Array.prototype.forEach.call(label.childNodes, function (n) {
      if (n.nodeType === 3 || (n.tagName === 'SPAN' && !n.classList.contains('required') &&
          !n.classList.contains('locked-note'))) text += n.textContent;
    });
    return text.trim() || name;
  };

  // Where the summary's link for `name` leads: the control, or a group's first radio.
  PrefillForm.prototype.focusTarget = function (name) {
    var el = this.control(name);
    if (el && el.tagName === 'FIELDSET') el = el.querySelector('input[type=radio]');
    return el;
  };

  // messages: texts; links (optional): [{name, message}] shown as links to their fields.
  PrefillForm.prototype.setGlobalErrors = function (messages, links) {
    var box = $(this.root, 'global_error');
    if (!box) return;
    var doc = box.ownerDocument || document;
    var self = this;
    while (box.firstChild) box.removeChild(box.firstChild);
    (messages || []).forEach(function (m) {
      var p = doc.createElement('p');
      p.textContent = m;
      box.appendChild(p);
    });
    if (links && links.length) {
      var list = doc.createElement('ul');
      list.className = 'error-links';
      links.forEach(function (link) {
        var target = self.focusTarget(link.name);
        var li = doc.createElement('li');
        var a = doc.createElement('a');
        a.href = '#' + (target ? target.id : 'payment_' + link.name);
        a.textContent = self.labelOf(link.name) + ': ' + link.message;
        a.addEventListener('click', function (e) {
          if (!target) return;
          e.preventDefault();
          target.focus();
        });
        li.appendChild(a);
        list.appendChild(li);
      });
      box.appendChild(list);
    }
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
      var links = Object.keys(this.fields).filter(function (n) { return merged[n] && self.isShown(n); })
          .map(function (n) { return {name: n, message: merged[n]}; });
      if (links.length) globals.unshift(this.text('fix_errors'));
      this.setGlobalErrors(globals, links);
    } else if (only.length === 1 && merged[only[0]]) {
      this.announce(this.labelOf(only[0]) + ': ' + merged[only[0]]);
    }
    this.emit('prefill:errors', {errors: errors});
  };

  // Moves the donor to the summary of what needs attention (the hosted page's
  // #global_error is focusable), else to the first field with an error.
  PrefillForm.prototype.focusFirstError = function () {
    var box = $(this.root, 'global_error');
    if (box && box.hasAttribute('tabindex') && box.textContent) {
      box.focus();
      return;
    }
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
        // An empty first submit gets the errors of an empty session, which is not stored (hash "").
        if (answer.status === 'success' && !answer.session.hash) return answer;
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

  // Fills the thank-you state from the page data of a paid session (`thanks`:
  // data.thank_you, every text already in the page's language).
  PrefillForm.prototype.fillThankYou = function (thanks) {
    var root = this.root;
    var doc = root.ownerDocument || document;
    function set(id, text) { var el = $(root, id); if (el) el.textContent = text || ''; }
    function rows(id, list) {
      var dl = $(root, id);
      if (!dl) return;
      while (dl.firstChild) dl.removeChild(dl.firstChild);
      (list || []).forEach(function (row) {
        var div = doc.createElement('div');
        div.className = 'detail';
        div.setAttribute('data-key', row.key);
        var dt = doc.createElement('dt');
        dt.textContent = row.label;
        var dd = doc.createElement('dd');
        dd.textContent = row.value;
        div.appendChild(dt);
        div.appendChild(dd);
        dl.appendChild(div);
      });
    }
    set('thank_you_amount', thanks.amount);
    rows('thank_you_details', thanks.rows);
    set('thank_you_method_title', thanks.method_title);
    set('thank_you_method_note', thanks.method_note);
    rows('thank_you_method_details', thanks.method_rows);
    var method = $(root, 'thank_you_method');
    if (method) method.hidden = !thanks.method_title;
    var sandbox = $(root, 'thank_you_sandbox');
    if (sandbox) sandbox.hidden = !thanks.sandbox;
  };

  // The thank-you state, in place: its details come from the page data of the
  // now paid session; the heading takes the focus and the live region says it.
  PrefillForm.prototype.showThankYou = function () {
    var self = this;
    var url = this.url('data');
    url += (url.indexOf('?') < 0 ? '?' : '&') + 'fbSessionHash=' + encodeURIComponent(this.session.hash);
    return fetch(url, {credentials: 'omit'}).then(function (res) { return res.json(); }).then(function (data) {
      if (data && data.thank_you) self.fillThankYou(data.thank_you);
    }).catch(function () { /* the heading and text are there even without the details */ }).then(function () {
      var form = self.root.querySelector('form');
      if (form) form.hidden = true;
      var thanks = $(self.root, 'thank_you');
      if (thanks) {
        thanks.hidden = false;
        bindPrint(thanks);
        var heading = $(self.root, 'thank_you_title');
        if (heading && heading.focus) heading.focus();
        else if (thanks.scrollIntoView) thanks.scrollIntoView({block: 'start'});
        var amount = $(self.root, 'thank_you_amount');
        self.announce(self.text('thank_you_title') + ' ' + self.text('thank_you_text') + ' ' +
            (amount ? amount.textContent : ''));
      }
      self.root.setAttribute('data-state', 'thank_you');
    });
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
      self.announce(self.text('sending'));
      return post(self.url('payment'), {fbSessionHash: self.session.hash}).then(function (payment) {
        if (payment.status !== 'success') {
          self.setGlobalErrors([payment.error || self.text('network_error')]);
        } else if (payment.payment_status === 'confirmed') {
          self.emit('prefill:paid', {payment: payment});
          return self.showThankYou().then(function () { return payment; });
        } else if (payment.payment_status === 'awaiting' && payment.redirect_url) {
          self.setGlobalErrors([]);
          self.root.setAttribute('data-state', 'redirecting');
          redirectTo(payment.redirect_url);
        } else {
          self.showErrors(payment.errors);
          self.focusFirstError();
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
      self.saveField(name);
    });
    // The amount's choices: a suggestion replaces the text box's amount; typing
    // there chooses "other amount". Either way the amount is saved as one change.
    var amount = this.control('amount');
    var choices = this.amountChoices();
    choices.forEach(function (radio) {
      radio.addEventListener('change', function (e) {
        e.stopPropagation();
        if (!radio.checked) return;
        if (radio.value === 'other') {
          if (amount) amount.focus();
          return;
        }
        if (amount) amount.value = '';
        self.saveField('amount');
      });
    });
    if (amount && choices.length) {
      amount.addEventListener('input', function () {
        choices.forEach(function (r) { r.checked = r.value === 'other' && amount.value !== ''; });
      });
    }
  };

  // Saves one field the donor changed and shows (and announces) only its error.
  PrefillForm.prototype.saveField = function (name) {
    var self = this;
    if (this.isLocked(name) || !this.session) return;
    var value = this.readValue(name);
    if (value === this.storedValue(name)) return;
    var values = {};
    values[name] = value;
    this.update(values).then(function (answer) {
      if (answer.status === 'success') self.showErrors(answer.session.errors, [name]);
    }).catch(function () {});
  };

  // The thank-you state's print button (shown only where a script can print).
  function bindPrint(scope) {
    var button = scope.querySelector('#print_button');
    if (!button || button.getAttribute('data-bound')) return;
    button.setAttribute('data-bound', '1');
    button.hidden = false;
    button.addEventListener('click', function () { global.print(); });
  }

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
    var thanks = document.getElementById('thank_you');
    if (data.state === 'thank_you' && thanks) bindPrint(thanks);
    if (data.state !== 'form' && data.state !== 'not_found') return;
    Prefill.init({data: data, root: document.getElementById('prefill_root'), serverRendered: true});
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', autoStart);
  else autoStart();
})(window);
