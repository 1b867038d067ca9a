/**
 * The words of the simulated organisation: a French home-help cooperative (the seeds' setting),
 * its agencies, the people it serves and employs, and what they write. Business data only: the
 * generator makes every personal value up from these lists.
 */

/** Agencies, largest first: `code` is the agency id of events and of `?agency=`. */
export const AGENCIES = [
  ['lyon-3', '69003', 'Lyon'],
  ['villeurbanne', '69100', 'Villeurbanne'],
  ['grenoble', '38000', 'Grenoble'],
  ['saint-etienne', '42000', 'Saint-Étienne'],
  ['annecy', '74000', 'Annecy'],
  ['chambery', '73000', 'Chambéry'],
  ['valence', '26000', 'Valence'],
  ['bourg-en-bresse', '01000', 'Bourg-en-Bresse'],
  ['vienne', '38200', 'Vienne'],
  ['roanne', '42300', 'Roanne'],
  ['macon', '71000', 'Mâcon'],
  ['villefranche', '69400', 'Villefranche-sur-Saône'],
  ['venissieux', '69200', 'Vénissieux'],
  ['bron', '69500', 'Bron'],
  ['voiron', '38500', 'Voiron'],
  ['aix-les-bains', '73100', 'Aix-les-Bains'],
  ['thonon', '74200', 'Thonon-les-Bains'],
  ['montelimar', '26200', 'Montélimar'],
  ['romans', '26100', 'Romans-sur-Isère'],
  ['annonay', '07100', 'Annonay'],
  ['oyonnax', '01100', 'Oyonnax'],
  ['bourgoin', '38300', 'Bourgoin-Jallieu'],
  ['givors', '69700', 'Givors'],
  ['tarare', '69170', 'Tarare'],
  ['albertville', '73200', 'Albertville'],
  ['cluses', '74300', 'Cluses'],
  ['privas', '07000', 'Privas'],
  ['belley', '01300', 'Belley'],
  ['saint-chamond', '42400', 'Saint-Chamond'],
  ['meximieux', '01800', 'Meximieux'],
].map(([code, postcode, town]) => ({ code, postcode, town }));
export type AgencyInfo = (typeof AGENCIES)[number];

export const FIRST_NAMES = [
  'Jeanne', 'Marie', 'Louise', 'Madeleine', 'Simone', 'Yvette', 'Germaine', 'Odette', 'Paulette', 'Suzanne',
  'Monique', 'Jacqueline', 'Colette', 'Denise', 'Françoise', 'Nicole', 'Christiane', 'Josette', 'Huguette', 'Lucienne',
  'Jean', 'Pierre', 'André', 'Marcel', 'René', 'Roger', 'Henri', 'Louis', 'Robert', 'Maurice',
  'Georges', 'Jacques', 'Bernard', 'Michel', 'Claude', 'Gérard', 'Raymond', 'Lucien', 'Fernand', 'Émile',
  'Camille', 'Léa', 'Manon', 'Chloé', 'Sarah', 'Julie', 'Nadia', 'Sophie', 'Aurélie', 'Céline',
  'Thomas', 'Nicolas', 'Julien', 'Karim', 'Mehdi', 'Antoine', 'Maxime', 'Sébastien', 'Vincent', 'Yannick',
];

export const LAST_NAMES = [
  'Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau',
  'Simon', 'Laurent', 'Lefebvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier',
  'Morel', 'Girard', 'André', 'Lefèvre', 'Mercier', 'Dupont', 'Lambert', 'Bonnet', 'François', 'Martinez',
  'Legrand', 'Garnier', 'Faure', 'Rousseau', 'Blanc', 'Guérin', 'Muller', 'Henry', 'Roussel', 'Nicolas',
  'Perrin', 'Morin', 'Mathieu', 'Clément', 'Gauthier', 'Dumont', 'Lopez', 'Fontaine', 'Chevalier', 'Robin',
  'Masson', 'Sanchez', 'Gérard', 'Nguyen', 'Boyer', 'Denis', 'Lemaire', 'Duval', 'Joly', 'Gautier',
  'Benali', 'Haddad', 'Mansouri', 'Rey', 'Chabert', 'Brunet', 'Vidal', 'Charvet', 'Perret', 'Collomb',
];

export const STREETS = [
  'rue de la République', 'avenue Jean Jaurès', 'rue Victor Hugo', 'place de la Mairie', 'chemin des Vignes',
  'rue Pasteur', 'boulevard des Belges', 'rue du Moulin', 'impasse des Lilas', 'rue de la Gare',
  'avenue du Général de Gaulle', 'rue des Écoles', 'allée des Tilleuls', 'rue Gambetta', 'quai de Saône',
  'rue Paul Bert', 'rue des Jardins', 'route de Genas', 'rue Émile Zola', 'montée du Château',
  'rue Garibaldi', 'cours Lafayette', 'rue de la Paix', 'chemin de la Croix', 'rue Jean Moulin',
];

/** What a home-help contract is for: elderly people's help, and families' childcare. */
export const ELDERLY_SERVICES = ['Aide à domicile', 'Aide à la toilette', 'Préparation des repas', 'Accompagnement aux courses', 'Ménage et repassage', 'Aide au lever et au coucher'];
export const FAMILY_SERVICES = ['Garde d’enfants à domicile', 'Sortie d’école', 'Ménage et repassage', 'Aide aux devoirs'];
export const PAYMENT_MODES = ['prélèvement', 'chèque', 'CESU préfinancé', 'virement', 'APA (conseil départemental)'];
export const TERMINATION_REASONS = ['entrée en EHPAD', 'fin du besoin', 'déménagement hors secteur', 'à la demande du client', 'changement de prestataire'];
export const VALIDATION_NOTE = 'Vérifié au regard de la proposition : coût, durée, faisabilité, disponibilité et qualification des intervenants';

export const STAFF_ROLES = ['auxiliaire de vie sociale', 'aide à domicile', 'assistante de vie aux familles', 'garde d’enfants', 'responsable de secteur'];
export const TRAINING_TOPICS = [
  'Gestes et postures', 'Accompagnement de la fin de vie', 'Maladie d’Alzheimer', 'Hygiène et sécurité alimentaire',
  'Premiers secours (SST)', 'Bientraitance', 'Titre professionnel ADVF', 'Aide à la toilette', 'Communication avec les familles',
];
export const MANDATORY_TRAININGS = ['Recyclage SST', 'Gestes et postures', 'Prévention des risques au domicile'];
export const INTERVIEW_NOTES = [
  'Souhaite évoluer vers un poste d’auxiliaire de vie ; points forts : relation avec les personnes aidées.',
  'Difficultés avec les déplacements entre interventions ; demande un planning plus regroupé.',
  'Très bonne année ; souhaite se former à l’accompagnement des personnes désorientées.',
  'Demande de passage à temps plein ; à revoir au prochain entretien.',
  'Appréhension face aux transferts lit-fauteuil : formation gestes et postures à prévoir.',
];

export const CHANGE_DETAILS: Record<string, string[]> = {
  absence: ['Vacances chez sa fille', 'Séjour en famille dans le Sud', 'Cure thermale'],
  hospitalisation: ['Hospitalisation après une chute', 'Intervention programmée (hanche)', 'Hospitalisation en urgence'],
  death: ['Décès annoncé par la famille'],
  needs_change: ['Besoin d’une aide supplémentaire le soir', 'Perte d’autonomie : aide à la toilette à ajouter', 'Souhaite réduire les heures de ménage'],
  address_change: ['Déménagement dans un logement adapté'],
  school_entry: ['Entrée en petite section de maternelle', 'Entrée au CP'],
  other: ['Changement d’interlocuteur dans la famille', 'Nouveau code d’accès à l’immeuble', 'Changement de numéro de téléphone'],
};
export const ACKNOWLEDGED_BY = ['Accueil agence', 'Responsable de secteur', 'Assistante de secteur'];

export const COMPLAINT_CATEGORIES = ['ponctualité', 'comportement', 'qualité de la prestation', 'facturation', 'planning', 'remplacement', 'communication'];
export const COMPLAINT_DESCRIPTIONS = [
  'L’intervenante est arrivée avec plus d’une heure de retard sans prévenir.',
  'La facture du mois comporte des heures non effectuées.',
  'Le ménage n’a pas été fait correctement dans la salle de bain.',
  'Personne n’est venu pendant les congés de l’intervenante habituelle.',
  'Changements de planning trop fréquents, ma mère est perturbée.',
  'Ton jugé irrespectueux lors de la dernière intervention.',
  'Impossible de joindre l’agence au téléphone depuis une semaine.',
];
export const COMPLAINT_RESPONSES = [
  'Nous vous prions de nous excuser ; le planning a été revu et l’intervenante habituelle reprend dès lundi.',
  'Après vérification, la facture est corrigée et un avoir vous est adressé.',
  'Un point a été fait avec l’intervenante ; une visite de contrôle est programmée.',
  'Nous avons renforcé l’équipe de remplacement pour la période estivale.',
];
export const REOPENING_REASONS = ['La situation s’est reproduite la semaine suivante.', 'La réponse ne règle pas le problème de facturation.'];
export const ACTION_DESCRIPTIONS = [
  'Rappel des règles de ponctualité en réunion d’équipe',
  'Mise en place d’un contrôle des relevés d’heures avant facturation',
  'Formation des remplaçants aux fiches de liaison',
  'Visite de contrôle qualité chez le client',
  'Révision de la procédure d’accueil téléphonique',
];
export const MEETING_DECISIONS = [
  'Analyse des réclamations de l’année présentée aux intervenants',
  'Fiche de liaison systématique au domicile',
  'Planning transmis aux clients une semaine à l’avance',
  'Appel systématique des clients avant les congés des intervenants',
];
export const MEETING_PARTICIPANTS = ['Responsable qualité', 'Responsable de secteur', 'Assistante de secteur', 'Intervenants à domicile', 'Direction'];
export const NEWSLETTER_TITLES = ['Entre nous', 'Entre nous : spécial canicule', 'Entre nous : vos congés d’été', 'Entre nous : la SCIC a 20 ans', 'Entre nous : nouvelles formations'];

export const SURVEY_COMMENTS = ['Très satisfaite de l’intervenante.', 'Les horaires changent trop souvent.', 'Accueil téléphonique à améliorer.', 'Merci pour votre disponibilité.'];
