/*
 * ImmunoRisk CDS Hooks sandbox: builds a CDS Hooks 2.0 request the way an EHR would (context, prefetch resolved
 * against this server's FHIR endpoint, or fhirServer), signs it with a JWT from the sandbox client of this
 * server, and renders the cards. Plain JavaScript, no build step and nothing from elsewhere (the server may be
 * offline). Everything the service returns is written with textContent or built element by element: a card's
 * markdown can never inject HTML.
 */
(function () {
	'use strict';

	var FHIR = '../fhir';
	var INDICATORS = ['info', 'warning', 'critical'];
	var SYNTHETIC_NOTICE = /Trained on synthetic data[^*\n]*/;
	var MAX_PAGES = 20;

	var state = { settings: null, services: [], orders: [], fired: 0 };

	function $(id) {
		return document.getElementById(id);
	}

	function el(tag, className, text) {
		var node = document.createElement(tag);
		if (className) {
			node.className = className;
		}
		if (text !== undefined && text !== null) {
			node.textContent = String(text);
		}
		return node;
	}

	/** A UUID v4 from crypto.getRandomValues (randomUUID needs a secure context; a LAN address is not one). */
	function uuid() {
		var b = new Uint8Array(16);
		crypto.getRandomValues(b);
		b[6] = (b[6] & 0x0f) | 0x40;
		b[8] = (b[8] & 0x3f) | 0x80;
		var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join('');
		return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
	}

	function pretty(value) {
		return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
	}

	/** fetch, then the body as JSON when it is JSON, else as text; never throws for an HTTP error status. */
	function call(url, options) {
		return fetch(url, options).then(function (response) {
			return response.text().then(function (text) {
				var body = text;
				try {
					body = text ? JSON.parse(text) : null;
				} catch (e) {
					// not JSON: keep the text
				}
				return { ok: response.ok, status: response.status, statusText: response.statusText, body: body, url: response.url };
			});
		});
	}

	/**
	 * A GET that always asks for current data: "Cache-Control: no-cache" also stops HAPI from answering a search
	 * with a result it cached a minute ago (before the test bundles were loaded, say).
	 */
	function getJson(url, accept) {
		return call(url, {
			headers: { Accept: accept || 'application/json', 'Cache-Control': 'no-cache' },
			cache: 'no-store', credentials: 'same-origin'
		});
	}

	/** A FHIR search with its next pages (same origin only, a bounded number) merged into one Bundle. */
	function searchAll(url) {
		return getJson(url, 'application/fhir+json').then(function (first) {
			if (!first.ok || !first.body || first.body.resourceType !== 'Bundle') {
				return first;
			}
			var bundle = first.body;
			bundle.entry = bundle.entry || [];
			function next(page, pages) {
				var link = (page.link || []).filter(function (l) { return l.relation === 'next'; })[0];
				if (!link || pages >= MAX_PAGES || new URL(link.url, location.href).origin !== location.origin) {
					delete bundle.link;
					bundle.total = bundle.entry.length;
					return first;
				}
				return getJson(link.url, 'application/fhir+json').then(function (more) {
					if (!more.ok || !more.body) {
						delete bundle.link;
						return first;
					}
					bundle.entry = bundle.entry.concat(more.body.entry || []);
					return next(more.body, pages + 1);
				});
			}
			return next(bundle, 1);
		});
	}

	// ---- markdown (CommonMark subset: paragraphs, headings, lists, tables, code, bold, italics, links) ----

	function safeUrl(url) {
		try {
			var parsed = new URL(url, location.href);
			return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
		} catch (e) {
			return null;
		}
	}

	function link(label, url) {
		var href = safeUrl(url);
		if (!href) {
			return el('span', 'unsafe-link', label);
		}
		var a = el('a', null, label);
		a.href = href;
		a.target = '_blank';
		a.rel = 'noopener noreferrer';
		return a;
	}

	var INLINE = /(`+)([\s\S]*?[^`])\1(?!`)|\*\*([\s\S]+?)\*\*|\[([^\]]+)\]\(([^)\s]+)\)|\*([^*\s](?:[^*]*[^*\s])?)\*|\\([\\`*_{}\[\]()#+\-.!|<>])/g;

	function inline(text, parent) {
		var last = 0;
		var match;
		var re = new RegExp(INLINE.source, 'g');
		while ((match = re.exec(text)) !== null) {
			if (match.index > last) {
				parent.appendChild(document.createTextNode(text.slice(last, match.index)));
			}
			if (match[1]) {
				parent.appendChild(el('code', null, match[2].replace(/^ (.*) $/, '$1')));
			} else if (match[3] !== undefined) {
				var strong = el('strong');
				inline(match[3], strong);
				parent.appendChild(strong);
			} else if (match[4] !== undefined) {
				parent.appendChild(link(match[4], match[5]));
			} else if (match[6] !== undefined) {
				var em = el('em');
				inline(match[6], em);
				parent.appendChild(em);
			} else {
				parent.appendChild(document.createTextNode(match[7]));
			}
			last = re.lastIndex;
		}
		if (last < text.length) {
			parent.appendChild(document.createTextNode(text.slice(last)));
		}
		return parent;
	}

	function tableCells(line) {
		var trimmed = line.trim().replace(/^\|/, '').replace(/(^|[^\\])\|$/, '$1');
		var cells = [];
		var current = '';
		for (var i = 0; i < trimmed.length; i++) {
			if (trimmed[i] === '\\' && trimmed[i + 1] === '|') {
				current += '|';
				i++;
			} else if (trimmed[i] === '|') {
				cells.push(current.trim());
				current = '';
			} else {
				current += trimmed[i];
			}
		}
		cells.push(current.trim());
		return cells;
	}

	var TABLE_RULE = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;
	var HEADING = /^(#{1,6})\s+(.*)$/;
	var BULLET = /^\s*[-*+]\s+(.*)$/;
	var NUMBERED = /^\s*\d+[.)]\s+(.*)$/;
	var FENCE = /^\s*```/;

	function startsBlock(line, nextLine) {
		return HEADING.test(line) || BULLET.test(line) || NUMBERED.test(line) || FENCE.test(line)
			|| (line.trim().charAt(0) === '|' && nextLine !== undefined && TABLE_RULE.test(nextLine));
	}

	/** Markdown → a DocumentFragment of elements and text nodes (never innerHTML). */
	function renderMarkdown(markdown) {
		var out = document.createDocumentFragment();
		var lines = String(markdown || '').replace(/\r\n?/g, '\n').split('\n');
		var i = 0;
		while (i < lines.length) {
			var line = lines[i];
			if (!line.trim()) {
				i++;
				continue;
			}
			var heading = HEADING.exec(line);
			if (heading) {
				out.appendChild(inline(heading[2], el('h' + Math.min(6, heading[1].length + 3), 'md-heading')));
				i++;
			} else if (FENCE.test(line)) {
				var code = [];
				i++;
				while (i < lines.length && !FENCE.test(lines[i])) {
					code.push(lines[i++]);
				}
				i++;
				var pre = el('pre', 'md-code');
				pre.appendChild(el('code', null, code.join('\n')));
				out.appendChild(pre);
			} else if (line.trim().charAt(0) === '|' && i + 1 < lines.length && TABLE_RULE.test(lines[i + 1])) {
				var table = el('table', 'md-table');
				var head = el('tr');
				tableCells(line).forEach(function (cell) { head.appendChild(inline(cell, el('th'))); });
				table.appendChild(el('thead')).appendChild(head);
				var body = table.appendChild(el('tbody'));
				i += 2;
				while (i < lines.length && lines[i].trim().charAt(0) === '|') {
					var row = el('tr');
					tableCells(lines[i++]).forEach(function (cell) { row.appendChild(inline(cell, el('td'))); });
					body.appendChild(row);
				}
				out.appendChild(table);
			} else if (BULLET.test(line) || NUMBERED.test(line)) {
				var ordered = NUMBERED.test(line);
				var pattern = ordered ? NUMBERED : BULLET;
				var list = el(ordered ? 'ol' : 'ul', 'md-list');
				while (i < lines.length && pattern.test(lines[i])) {
					list.appendChild(inline(pattern.exec(lines[i++])[1], el('li')));
				}
				out.appendChild(list);
			} else {
				var paragraph = [line.trim()];
				i++;
				while (i < lines.length && lines[i].trim() && !startsBlock(lines[i], lines[i + 1])) {
					paragraph.push(lines[i++].trim());
				}
				out.appendChild(inline(paragraph.join(' '), el('p')));
			}
		}
		return out;
	}

	// ---- cards ----

	function renderCard(card) {
		var indicator = INDICATORS.indexOf(card.indicator) >= 0 ? card.indicator : 'unknown';
		var article = el('article', 'card card-' + indicator);
		article.dataset.indicator = indicator;

		var header = article.appendChild(el('header', 'card-header'));
		header.appendChild(el('span', 'indicator indicator-' + indicator, indicator));
		header.appendChild(el('h3', 'card-summary', card.summary || '(no summary)'));

		var detail = typeof card.detail === 'string' ? card.detail : '';
		var notice = SYNTHETIC_NOTICE.exec(detail);
		if (notice) {
			article.appendChild(el('p', 'synthetic-notice', notice[0].trim()));
			detail = detail.replace(/\*\*Trained on synthetic data[^*\n]*\*\*\s*/, '');
		}
		if (detail) {
			article.appendChild(el('div', 'card-detail')).appendChild(renderMarkdown(detail));
		}

		if (card.source) {
			var source = article.appendChild(el('p', 'card-source'));
			source.appendChild(document.createTextNode('Source: '));
			source.appendChild(card.source.url ? link(card.source.label || card.source.url, card.source.url)
				: el('span', null, card.source.label || ''));
			if (card.source.topic && card.source.topic.display) {
				source.appendChild(el('span', 'topic', ' · ' + card.source.topic.display));
			}
		}

		if (Array.isArray(card.suggestions) && card.suggestions.length) {
			var suggestions = article.appendChild(el('div', 'card-suggestions'));
			suggestions.appendChild(el('h4', null, 'Suggestions' + (card.selectionBehavior ? ' (' + card.selectionBehavior + ')' : '')));
			var list = suggestions.appendChild(el('ul'));
			card.suggestions.forEach(function (suggestion) {
				var item = list.appendChild(el('li', 'suggestion'));
				item.appendChild(el('span', 'suggestion-label', suggestion.label || '(no label)'));
				if (suggestion.isRecommended) {
					item.appendChild(el('span', 'recommended', 'recommended'));
				}
				(suggestion.actions || []).forEach(function (action) {
					var what = action.type + (action.resource && action.resource.resourceType ? ' ' + action.resource.resourceType : '');
					item.appendChild(el('span', 'action', what + (action.description ? ': ' + action.description : '')));
				});
			});
		}

		if (Array.isArray(card.links) && card.links.length) {
			var linkBlock = article.appendChild(el('div', 'card-links-block'));
			linkBlock.appendChild(el('h4', null, 'Links'));
			var links = linkBlock.appendChild(el('ul', 'card-links'));
			card.links.forEach(function (l) {
				var item = links.appendChild(el('li'));
				item.appendChild(link(l.label || l.url, l.url));
				if (l.type === 'smart') {
					item.appendChild(el('span', 'hint', ' (SMART app)'));
				}
			});
		}

		if (Array.isArray(card.overrideReasons) && card.overrideReasons.length) {
			article.appendChild(el('p', 'override-reasons', 'Override reasons: ' + card.overrideReasons
				.map(function (r) { return r.display || r.code; }).join(' · ')));
		}
		return article;
	}

	function renderCards(cards) {
		var container = $('cards');
		container.textContent = '';
		if (!Array.isArray(cards) || cards.length === 0) {
			container.appendChild(el('p', 'no-cards', 'No cards: the service has nothing to show for this patient and hook.'));
			return 0;
		}
		cards.forEach(function (card) { container.appendChild(renderCard(card)); });
		return cards.length;
	}

	// ---- request ----

	function fillTemplate(template, context) {
		var missing = false;
		var values = {
			'context.patientId': context.patientId,
			'context.userId': context.userId,
			'context.encounterId': context.encounterId,
			userPractitionerId: /^Practitioner\//.test(context.userId || '') ? context.userId.split('/')[1] : undefined
		};
		var filled = template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, function (all, name) {
			if (values[name] === undefined) {
				missing = true;
				return '';
			}
			return encodeURIComponent(values[name]);
		});
		return missing ? null : filled;
	}

	/** The service's prefetch templates, resolved against this server's FHIR endpoint; a failed one is null. */
	function resolvePrefetch(templates, context) {
		var prefetch = {};
		var keys = Object.keys(templates || {});
		return keys.reduce(function (previous, key) {
			return previous.then(function () {
				var query = fillTemplate(templates[key], context);
				if (query === null) {
					return undefined; // a token the sandbox cannot fill: leave the key out, the service fetches it
				}
				var search = query.indexOf('?') >= 0;
				return (search ? searchAll(FHIR + '/' + query) : getJson(FHIR + '/' + query, 'application/fhir+json'))
					.then(function (result) {
						prefetch[key] = result.ok ? result.body : null;
					}, function () {
						prefetch[key] = null;
					});
			});
		}, Promise.resolve()).then(function () { return prefetch; });
	}

	function draftOrder(order, patientId, userId) {
		var concept = { coding: [{ system: order.system, code: order.code, display: order.display }], text: order.display };
		var resource = {
			resourceType: order.resourceType,
			id: 'sandbox-draft-1',
			status: 'draft',
			intent: 'order',
			subject: { reference: 'Patient/' + patientId },
			authoredOn: new Date().toISOString().slice(0, 10),
			requester: { reference: userId }
		};
		if (order.resourceType === 'ServiceRequest') {
			resource.code = concept;
		} else {
			resource.medicationCodeableConcept = concept;
		}
		return resource;
	}

	function decodeJwtPart(part) {
		try {
			var base64 = part.replace(/-/g, '+').replace(/_/g, '/');
			return JSON.parse(atob(base64 + '==='.slice((base64.length + 3) % 4)));
		} catch (e) {
			return null;
		}
	}

	function showRequest(url, headers, body, jwt) {
		var text = 'POST ' + url + '\n';
		Object.keys(headers).forEach(function (name) {
			text += name + ': ' + headers[name] + '\n';
		});
		if (jwt) {
			var parts = jwt.split('.');
			text += '\n// the JWT decoded\n' + pretty({ header: decodeJwtPart(parts[0]), claims: decodeJwtPart(parts[1]) }) + '\n';
		}
		text += '\n' + pretty(body);
		$('request-json').textContent = text;
	}

	function showResponse(result) {
		$('response-json').textContent = 'HTTP ' + result.status + ' ' + (result.statusText || '') + '\n\n' + pretty(result.body);
	}

	function showError(title, result) {
		$('error').hidden = false;
		$('error-title').textContent = title + (result ? ': HTTP ' + result.status + (result.statusText ? ' ' + result.statusText : '') : '');
		$('error-body').textContent = result ? pretty(result.body) : '';
	}

	function setStatus(text) {
		$('status').textContent = text;
	}

	function selectedService() {
		var id = $('service-select').value;
		return state.services.filter(function (s) { return s.id === id; })[0];
	}

	/** The chosen trigger of the chosen service (option value "system|code"). */
	function selectedOrder() {
		var service = selectedService();
		var value = $('order-select').value;
		return state.orders.filter(function (o) {
			return service && o.serviceId === service.id && o.system + '|' + o.code === value;
		})[0] || null;
	}

	function fire(event) {
		event.preventDefault();
		var service = selectedService();
		var patientId = $('patient-id').value.trim();
		$('error').hidden = true;
		$('cards').textContent = '';
		$('request-json').textContent = '';
		$('response-json').textContent = '';
		if (!service || !patientId) {
			showError(!service ? 'Pick a CDS service' : 'Pick a patient or type a patient id');
			return finished('error');
		}
		var context = { userId: state.settings.userId, patientId: patientId };
		if (service.hook !== 'patient-view') {
			var order = selectedOrder();
			if (!order) {
				showError('Pick a draft order');
				return finished('error');
			}
			var resource = draftOrder(order, patientId, state.settings.userId);
			context.draftOrders = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: resource }] };
			if (service.hook === 'order-select') {
				context.selections = [resource.resourceType + '/' + resource.id];
			}
		}
		var request = { hook: service.hook, hookInstance: uuid(), context: context };
		var url = new URL('../cds-services/' + encodeURIComponent(service.id), location.href).href;
		var headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
		var jwt = null;
		$('fire').disabled = true;
		var fetchMode = $('service-fetch').checked;
		setStatus(fetchMode ? 'Calling the service…' : 'Resolving prefetch against ' + state.settings.fhirServer + '…');
		var prepared = fetchMode ? Promise.resolve().then(function () {
			request.fhirServer = state.settings.fhirServer;
			// The service fetches only with a token (CDS Hooks fhirAuthorization). This server's /fhir has no
			// authentication yet, so the sandbox passes a placeholder token, scoped to this patient.
			request.fhirAuthorization = { access_token: 'cds-sandbox-placeholder', token_type: 'Bearer', expires_in: 300,
				scope: 'patient/*.read', subject: 'cds-sandbox', patient: patientId };
		})
			: resolvePrefetch(service.prefetch, context).then(function (prefetch) { request.prefetch = prefetch; });
		return prepared.then(function () {
			if (state.settings.insecureDevMode) {
				return true;
			}
			return call('token', {
				method: 'POST', credentials: 'same-origin',
				headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
				body: JSON.stringify({ aud: state.settings.cdsServices + encodeURIComponent(service.id) }) // the service checks aud against its public URL
			}).then(function (token) {
				if (!token.ok || !token.body || !token.body.jwt) {
					showError('Token request refused', token);
					return false;
				}
				jwt = token.body.jwt;
				headers.Authorization = 'Bearer ' + jwt;
				return true;
			});
		}).then(function (haveToken) {
			if (!haveToken) {
				setStatus('Error');
				return finished('error');
			}
			showRequest(url, headers, request, jwt);
			setStatus('Calling ' + service.id + '…');
			return call(url, { method: 'POST', headers: headers, body: JSON.stringify(request), credentials: 'same-origin' })
				.then(function (result) {
					showResponse(result);
					if (!result.ok) {
						showError('The CDS service answered with an error', result);
						setStatus('Error: HTTP ' + result.status);
						return finished('error');
					}
					var count = renderCards(result.body && result.body.cards);
					setStatus(count === 1 ? '1 card' : count + ' cards');
					return finished('cards');
				});
		}).catch(function (e) {
			showError('The request failed: ' + (e && e.message ? e.message : e));
			setStatus('Error');
			return finished('error');
		});
	}

	/** Marks the end of a call on the body (data-fired counts calls): what a test or a user waits for. */
	function finished(outcome) {
		$('fire').disabled = false;
		state.fired++;
		document.body.dataset.outcome = outcome;
		document.body.dataset.fired = String(state.fired);
	}

	// ---- set-up ----

	function option(value, text) {
		var node = el('option', null, text);
		node.value = value;
		return node;
	}

	function patientLabel(patient) {
		var name = (patient.name || [])[0] || {};
		var display = [name.family, (name.given || []).join(' ')].filter(Boolean).join(', ');
		var extra = [patient.gender, patient.birthDate ? 'born ' + patient.birthDate : null].filter(Boolean).join(', ');
		return patient.id + (display ? ' — ' + display : '') + (extra ? ' (' + extra + ')' : '');
	}

	function fillServices() {
		var hook = $('hook-select').value;
		var select = $('service-select');
		select.textContent = '';
		state.services.filter(function (s) { return s.hook === hook; }).forEach(function (s) {
			select.appendChild(option(s.id, s.id));
		});
		$('order-fields').hidden = hook === 'patient-view';
		fillOrders();
	}

	function fillOrders() {
		var service = selectedService();
		$('service-description').textContent = service ? service.title + ': ' + service.description : 'No service for this hook.';
		var select = $('order-select');
		select.textContent = '';
		state.orders.forEach(function (order) {
			if (service && order.serviceId === service.id) {
				var system = order.system.replace(/^.*\//, '');
				select.appendChild(option(order.system + '|' + order.code,
					order.display + ' (' + system + ' ' + order.code + ', ' + order.resourceType + ')'));
			}
		});
	}

	function init() {
		$('hook-form').addEventListener('submit', fire);
		$('hook-select').addEventListener('change', fillServices);
		$('service-select').addEventListener('change', fillOrders);
		$('patient-select').addEventListener('change', function () {
			$('patient-id').value = $('patient-select').value;
		});
		Promise.all([getJson('settings'), getJson('../cds-services'), getJson('orders'),
			searchAll(FHIR + '/Patient?_count=100&_sort=_id&_elements=id,name,gender,birthDate')])
			.then(function (results) {
				var failed = results.filter(function (r) { return !r.ok; })[0];
				if (failed) {
					showError('Could not load ' + failed.url, failed);
					setStatus('Error');
					document.body.dataset.ready = 'error';
					return;
				}
				state.settings = results[0].body;
				state.services = results[1].body.services || [];
				state.orders = results[2].body.orders || [];
				$('insecure-note').hidden = !state.settings.insecureDevMode;
				var patients = $('patient-select');
				patients.textContent = '';
				var entries = (results[3].body.entry || []).map(function (e) { return e.resource; });
				patients.appendChild(option('', entries.length ? 'Choose a patient…' : 'No patients stored (load the test bundles)'));
				entries.forEach(function (p) { patients.appendChild(option(p.id, patientLabel(p))); });
				fillServices();
				$('fire').disabled = false;
				setStatus('Ready: pick a patient and fire a hook.');
				document.body.dataset.ready = 'true';
			})
			.catch(function (e) {
				showError('Could not load the sandbox: ' + (e && e.message ? e.message : e));
				document.body.dataset.ready = 'error';
			});
	}

	// Exposed for the browser test of the renderer (HTML in a card must stay text).
	window.ImmunoRiskSandbox = { renderCards: renderCards, renderMarkdown: renderMarkdown };

	if (document.readyState === 'loading') {
		document.addEventListener('DOMContentLoaded', init);
	} else {
		init();
	}
}());
