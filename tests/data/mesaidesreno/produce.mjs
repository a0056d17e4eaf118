// Cross-check cases for rehab.subsidies: evaluate the rules of Mes Aides Réno
// (betagouv/reno, publicodes) on a matrix of projects and write cases.json.
//
// Run by hand (the test suite only reads cases.json; it never needs node):
//
//   git clone https://github.com/betagouv/reno /some/where/reno
//   npm install            # publicodes 1.9.1 (reno's yarn.lock), yaml
//   node produce.mjs /some/where/reno > cases.json
//
// Rules used: every rule file that reno's app/règles/rules.ts assembles, read
// with `git show` at MASTER (last commit of master, 18 Dec 2025), except the
// three files that reno's 2026 commit GESTES_2026 (branch
// feat/remove-mpr-geste, 11 Dec 2025: "retirer l'éligibilité MPR Geste pour
// isolations murs et chaudières bois", the decree and arrêté of the JO of
// 9 Sep 2025 in force on 1 Jan 2026) changes, which are read at that commit.
//
// Only the Mes Aides Réno rules are evaluated here; the cases (inputs on the
// rehab side) are defined below. Local aids are set to 0 (or to the case's
// other_grants_eur) so that the écrêtement depends on the national aids only.

import { execFileSync } from 'node:child_process'
import Engine from 'publicodes'
import { parse } from 'yaml'

const MASTER = '25bae95d45d882a5ebad7157f68dbc17ae2277da'
const GESTES_2026 = '6d2175755b7b054fccf051895f5bee00aaabdde6'
const CHANGED_2026 = new Set([
  'gestes/isolation.yaml',
  'gestes/chauffage/bois.yaml',
  'gestes/bonus-outre-mer/murs.publicodes',
])

const repo = process.argv[2]
if (!repo) {
  console.error('usage: node produce.mjs <path to a clone of betagouv/reno>')
  process.exit(2)
}

function read(rel) {
  const commit = CHANGED_2026.has(rel) ? GESTES_2026 : MASTER
  const text = execFileSync('git', ['-C', repo, 'show', `${commit}:app/règles/${rel}`], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  })
  return parse(text) ?? {}
}

const prefix = (rules, p) =>
  Object.fromEntries(
    Object.entries(rules).map(([k, v]) => [k === '' ? p : `${p} . ${k}`, v]),
  )

// same assembly as app/règles/rules.ts
const rules = {
  ...read('index.yaml'),
  ...read('revenus.yaml'),
  ...prefix(read('gestes.yaml'), 'gestes'),
  ...prefix(read('gestes/chauffage/PAC.yaml'), 'gestes'),
  ...prefix(read('gestes/chauffage.yaml'), 'gestes'),
  ...prefix(read('gestes/isolation.yaml'), 'gestes'),
  ...prefix(read('gestes/chauffage/bois.yaml'), 'gestes'),
  ...prefix(read('gestes/chauffage/réseau.yaml'), 'gestes'),
  ...prefix(read('gestes/chauffage/solaire.yaml'), 'gestes'),
  ...prefix(read('aides-locales.publicodes'), 'aides locales'),
  ...read('ampleur.publicodes'),
  ...read('MPRA.publicodes'),
  ...read('CEE.publicodes'),
  ...read('denormandie.publicodes'),
  ...read('taxe-foncière.publicodes'),
  ...read('PTZ.publicodes'),
  ...read('PAR.publicodes'),
  ...read('copropriete.publicodes'),
  ...read('mpa/ma-prime-adapt.publicodes'),
  ...read('mpa/locavantage.publicodes'),
  ...read('mpa/credit-impot.publicodes'),
  ...read('mpa/pret-amelioration-habitat.publicodes'),
  ...read('mpa/prestation-compensation-handicap.publicodes'),
  ...read('mpa/allocation-personnalisee-autonomie.publicodes'),
  ...read('mpa/allocation-education-enfant-handicape.publicodes'),
  ...read('mpa/TVA.publicodes'),
  ...read('ma-prime-logement-decent.publicodes'),
  ...read('outre-mer.publicodes'),
  ...prefix(read('gestes/bonus-outre-mer/index.publicodes'), 'gestes'),
  ...prefix(read('gestes/bonus-outre-mer/rampants.publicodes'), 'gestes'),
  ...prefix(read('gestes/bonus-outre-mer/murs.publicodes'), 'gestes'),
  ...prefix(read('gestes/bonus-outre-mer/chauffage.publicodes'), 'gestes'),
  ...prefix(read('gestes/bonus-outre-mer/clim.publicodes'), 'gestes'),
}

const engine = new Engine(rules, { logger: { log() {}, warn() {}, error() {} } })

// ---------------------------------------------------------------- the matrix
const INCOME = {
  tres_modestes: 'très modeste',
  modestes: 'modeste',
  intermediaires: 'intermédiaire',
  superieurs: 'supérieure',
}
const CLASS_N = { A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7 }

// rehab measure kinds -> Mes Aides Réno gestes (MPR par geste amounts)
// works packages: measures (rehab kinds), quantities, systems after, HT cost
const WORKS = [
  { id: 'air-water-heat-pump', measures: ['heating'], heating_after: 'heat_pump_air_water', cost_ht: 14000 },
  { id: 'ground-heat-pump', measures: ['heating'], heating_after: 'heat_pump_ground', cost_ht: 24000 },
  { id: 'attic', measures: ['attic_floor'], quantities: { attic_floor: 60 }, cost_ht: 3000 },
  { id: 'windows', measures: ['windows'], quantities: { windows: 8 }, cost_ht: 7200 },
  {
    id: 'attic-windows-heat-pump',
    measures: ['attic_floor', 'windows', 'heating'],
    quantities: { attic_floor: 50, windows: 6 },
    heating_after: 'heat_pump_air_water',
    cost_ht: 26000,
  },
  {
    id: 'envelope',
    measures: ['wall_external', 'attic_floor', 'windows'],
    quantities: { wall_external: 90, attic_floor: 45, windows: 8 },
    cost_ht: 45000,
  },
  {
    id: 'bbc',
    measures: ['wall_external', 'attic_floor', 'windows', 'floor', 'ventilation', 'heating', 'dhw'],
    quantities: { wall_external: 90, attic_floor: 45, windows: 8, floor: 45 },
    heating_after: 'heat_pump_air_water',
    ventilation_after: 'balanced',
    dhw_after: 'dhw-thermodynamic',
    cost_ht: 72000,
  },
  {
    id: 'walls-floor',
    measures: ['wall_internal', 'floor'],
    quantities: { wall_internal: 80, floor: 50 },
    cost_ht: 21000,
  },
  {
    id: 'oil-exit',
    measures: ['heating', 'oil_tank_removal', 'roof_slopes'],
    quantities: { roof_slopes: 40 },
    heating_after: 'heat_pump_air_water',
    cost_ht: 20500,
    heating_before_only: 'fuel_oil_boiler',
  },
  {
    id: 'condensing-gas-envelope',
    measures: ['wall_external', 'windows', 'heating'],
    quantities: { wall_external: 90, windows: 8 },
    heating_after: 'gas_boiler_condensing',
    cost_ht: 38000,
  },
  {
    id: 'audit-attic-heat-pump',
    measures: ['audit', 'attic_floor', 'heating'],
    quantities: { attic_floor: 55 },
    heating_after: 'heat_pump_air_water',
    cost_ht: 19000,
  },
  {
    id: 'mvhr-hpwh',
    measures: ['ventilation', 'dhw'],
    ventilation_after: 'balanced',
    dhw_after: 'dhw-thermodynamic',
    cost_ht: 9500,
  },
]
const CLASS_PAIRS = [
  ['G', 'D'], ['G', 'E'], ['F', 'C'], ['F', 'D'], ['F', 'E'], ['E', 'C'], ['E', 'B'], ['D', 'B'], ['G', 'B'],
]
// works with fewer than two insulation posts cannot reach a rénovation d'ampleur:
// classes that keep them out of it (gain < 2 or initial class D), plus G -> D
// to show the condition Mes Aides Réno's amount rule does not apply
const CLASS_PAIRS_ONE_POST = [['G', 'F'], ['F', 'E'], ['E', 'D'], ['D', 'C'], ['D', 'B'], ['G', 'D']]
const POSTS = { wall_external: 'walls', wall_internal: 'walls', attic_floor: 'roof', roof_slopes: 'roof', floor: 'floor', windows: 'windows' }
const nPosts = (w) => new Set(w.measures.filter((m) => m in POSTS).map((m) => POSTS[m])).size
const HEATING_BEFORE = ['gas_boiler_old', 'fuel_oil_boiler']
const BOILERS = new Set(['gas_boiler_old', 'fuel_oil_boiler', 'coal_boiler'])

// Mes Aides Réno geste -> MPR amount rule (and the rehab-side trigger)
function gestes(w) {
  const g = []
  const q = w.quantities ?? {}
  if (w.measures.includes('heating') && w.heating_after === 'heat_pump_air_water')
    g.push(['pac_air_eau', 'gestes . chauffage . PAC . air-eau . MPR . montant', {}])
  if (w.measures.includes('heating') && w.heating_after === 'heat_pump_ground')
    g.push(['pac_geo', 'gestes . chauffage . PAC . géo . MPR . montant', {}])
  for (const k of ['attic_floor', 'roof_slopes'])
    if (w.measures.includes(k))
      g.push(['rampants_' + k, 'gestes . isolation . rampants . MPR . montant', {
        'gestes . isolation . rampants . MPR . surface': q[k],
      }])
  if (w.measures.includes('windows'))
    g.push(['vitres', 'gestes . isolation . vitres . MPR . montant', {
      'gestes . isolation . vitres . MPR . quantité': q.windows,
    }])
  if (w.measures.includes('wall_external'))
    g.push(['murs_exterieurs', 'gestes . isolation . murs extérieurs . montant', {
      'gestes . isolation . murs extérieurs . CEE . surface': q.wall_external,
      'CEE . conditions': 'non',
    }])
  if (w.measures.includes('ventilation') && w.ventilation_after === 'balanced')
    g.push(['vmc_double_flux', 'gestes . ventilation . double flux . MPR . montant', {}])
  if (w.measures.includes('dhw') && w.dhw_after === 'dhw-thermodynamic')
    g.push(['chauffe_eau_thermodynamique', 'gestes . chauffage . chauffe-eau thermodynamique . MPR . montant', {}])
  if (w.measures.includes('oil_tank_removal'))
    g.push(['depose_cuve_fioul', 'gestes . chauffage . fioul . dépose cuve . MPR . montant', {}])
  if (w.measures.includes('audit'))
    g.push(['audit', 'gestes . recommandés . audit . MPR . montant', {}])
  return g
}

function value(name) {
  const v = engine.evaluate(name).nodeValue
  return v === null || v === undefined || v === false ? 0 : v
}

const cases = []
let n = 0
for (const w of WORKS) {
  for (const hb of HEATING_BEFORE) {
    if (w.heating_before_only && hb !== w.heating_before_only) continue
    for (const [cb, ca] of nPosts(w) >= 2 ? CLASS_PAIRS : CLASS_PAIRS_ONE_POST) {
      for (const [inc, incReno] of Object.entries(INCOME)) {
        const grantsList = w.id === 'bbc' || w.id === 'envelope' ? [0, 25000] : [0]
        for (const other of grantsList) {
          const replaced = w.measures.includes('heating')
          const base = {
            'vous . propriétaire . statut': "'propriétaire'",
            'logement . propriétaire occupant': 'oui',
            'logement . résidence principale propriétaire': 'oui',
            'logement . période de construction': "'au moins 15 ans'",
            'logement . type': "'maison'",
            'logement . surface': 85,
            'logement . code département': '"62"',
            'ménage . revenu . classe': `'${incReno}'`,
            'DPE . actuel': CLASS_N[cb],
            'projet . DPE visé': CLASS_N[ca],
            'projet . travaux': w.cost_ht,
            'aides locales . montant': other,
            'CEE . projet . remplacement chaudière thermique':
              replaced && BOILERS.has(hb) && w.heating_after !== 'gas_boiler_condensing' ? 'oui' : 'non',
          }
          engine.setSituation(base)
          const out = {
            mpra_eur: value('MPR . accompagnée . montant'),
            mpra_after_ecretement_eur: value('MPR . accompagnée . montant écrêté'),
            mar_eur: value('MPR . accompagnée . prise en charge MAR . montant'),
            ecretement_total_eur: value('ampleur . montant écrêté'),
            ecretement_share: value("ampleur . pourcent d'écrêtement") / 100,
            cost_ttc_eur: value('projet . travaux . TTC'),
          }
          let cdp = 0
          if (w.heating_after === 'heat_pump_air_water')
            cdp = value('gestes . chauffage . PAC . air-eau . Coup de pouce . montant')
          if (w.heating_after === 'heat_pump_ground')
            cdp = value('gestes . chauffage . PAC . géo . Coup de pouce . montant')
          out.coup_de_pouce_eur = cdp
          const per = {}
          for (const [gid, rule, extra] of gestes(w)) {
            engine.setSituation({ ...base, ...extra })
            per[gid] = value(rule)
          }
          out.mpr_geste_by_item_eur = per
          out.mpr_geste_eur = Object.values(per).reduce((a, b) => a + b, 0)
          n += 1
          cases.push({
            id: `${String(n).padStart(4, '0')}-${w.id}-${hb}-${cb}${ca}-${inc}${other ? '-local' + other : ''}`,
            inputs: {
              owner_type: 'owner_occupier',
              income_category: inc,
              class_before: cb,
              class_after: ca,
              measures: w.measures,
              quantities: w.quantities ?? {},
              cost_ht: w.cost_ht,
              cost_ttc: out.cost_ttc_eur,
              heating_before: hb,
              heating_after: w.heating_after ?? null,
              ventilation_after: w.ventilation_after ?? null,
              dhw_after: w.dhw_after ?? null,
              living_area_m2: 85,
              other_grants_eur: other,
              date: '2026-03-01',
            },
            mesaidesreno: out,
          })
        }
      }
    }
  }
}

const doc = {
  title: 'rehab.subsidies cross-check cases: amounts from the Mes Aides Réno rules (betagouv/reno)',
  produced_by: 'tests/data/mesaidesreno/produce.mjs (node 20, publicodes 1.9.1)',
  reno_master_commit: MASTER,
  reno_2026_gestes_commit: GESTES_2026,
  reno_licence: 'AGPL-3.0 (the rules are evaluated, not copied; amounts are facts of the public aid rules)',
  fixed_inputs: 'owner-occupied main residence, house of 85 m2 in Pas-de-Calais (62, CEE zone H1), at least 15 years old, no local aid unless other_grants_eur',
  n_cases: cases.length,
  cases,
}
// one case per line: small diffs when the rules change
const head = JSON.stringify({ ...doc, cases: [] }, null, 1).replace(/\[\]\n\}$/, '')
const body = cases.map((c) => '  ' + JSON.stringify(c)).join(',\n')
process.stdout.write(head + '[\n' + body + '\n ]\n}\n')
